package org.l2l4j.core.optimizer;

import static org.l2l4j.core.optimizer.Nd4jViews.columns;
import static org.l2l4j.core.optimizer.Nd4jViews.rows;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link MemoryAccess}'s read and write of the {@link LowRankMemory} as ND4J operations, bound to the memory's
 * state planes. Per parameter set of N coordinates, the read i = M r = r + A (B^T r / N) is two GEMMs through
 * the window's pairs (A, B: N x pairs) and a copy; a write is two block copies into the slot's columns. One
 * set (a DL4J updater block) is one GEMM pair; several sets loop over row views.
 */
final class Nd4jMemoryAccess {
    private final LowRankMemory memory;
    private final long setSize;
    /** Per set: the pairs' a and b (N x pairs), the read vector r and result i (N x 1), the coefficients B^T r / N. */
    private final INDArray[] a, b, r, read, coefficients;
    /** The read result of all coordinates, n x 1: fed to the controller at the next step. */
    final INDArray readPlane;
    private final INDArray slotPlane, firstSlot, slotValue;
    /** Per slot of the window: the columns of A and B its pairs occupy. */
    private final INDArray[] slotA, slotB;

    /**
     * @param state      the memory's planes: A (pairs), B (pairs), the read result, the next slot; n rows
     * @param readVector where the controller puts r, n x 1
     */
    Nd4jMemoryAccess(LowRankMemory memory, INDArray state, INDArray readVector, long setSize) {
        this.memory = memory;
        this.setSize = setSize;
        int pairs = memory.pairs(), w = memory.writeHeads();
        long n = state.size(0);
        int sets = (int) (n / setSize);
        INDArray allA = columns(state, 0, pairs), allB = columns(state, pairs, pairs);
        readPlane = columns(state, 2L * pairs, 1);
        slotPlane = columns(state, 2L * pairs + 1, 1);
        firstSlot = slotPlane.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all());
        slotValue = Nd4jViews.scratch(1, 1, state.dataType());
        INDArray allCoefficients = Nd4jViews.scratch(pairs, sets, state.dataType());
        a = new INDArray[sets];
        b = new INDArray[sets];
        r = new INDArray[sets];
        read = new INDArray[sets];
        coefficients = new INDArray[sets];
        for (int s = 0; s < sets; s++) {
            a[s] = sets == 1 ? allA : rows(allA, s * setSize, setSize);
            b[s] = sets == 1 ? allB : rows(allB, s * setSize, setSize);
            r[s] = sets == 1 ? readVector : rows(readVector, s * setSize, setSize);
            read[s] = sets == 1 ? readPlane : rows(readPlane, s * setSize, setSize);
            coefficients[s] = columns(allCoefficients, s, 1);
        }
        slotA = new INDArray[memory.window()];
        slotB = new INDArray[memory.window()];
        for (int slot = 0; slot < memory.window(); slot++) {
            slotA[slot] = columns(allA, (long) slot * w, w);
            slotB[slot] = columns(allB, (long) slot * w, w);
        }
    }

    /**
     * The slot the next write goes to, checked: a state written by another architecture fails here. One element
     * is copied off the state (not the whole array, which a read of the plane itself would bring to the host).
     */
    int slot() {
        slotValue.assign(firstSlot);
        double v = slotValue.getDouble(0);
        if (!(v >= 0 && v < memory.window() && v == Math.rint(v)))
            throw new IllegalStateException("memory state names write slot " + v + " of a window of " + memory.window()
                    + ": the state was not written by this optimizer");
        return (int) v;
    }

    /** i = M r into the read plane, M the memory before this step's writes. */
    void read() {
        for (int s = 0; s < a.length; s++) {
            Nd4j.gemm(b[s], r[s], coefficients[s], true, false, 1.0 / setSize, 0);
            read[s].assign(r[s]);
            Nd4j.gemm(a[s], coefficients[s], read[s], false, false, 1, 1);
        }
    }

    /** Every head's pair (their a: n x W, their b: n x W) into {@code slot}; the slot to write next advances. */
    void write(INDArray writesA, INDArray writesB, int slot) {
        slotA[slot].assign(writesA);
        slotB[slot].assign(writesB);
        slotPlane.assign((slot + 1) % memory.window());
    }
}
