package org.l2l4j.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The arithmetic of the coordinatewise LSTM optimizer on n coordinates at once: GEMMs through BLAS,
 * gate arithmetic as fused loops over planes, and every exponential in one native sigmoid per block
 * (tanh(x) = 2 sigmoid(2x) - 1). Per-coordinate arrays are n x features, column-major: each feature is a
 * contiguous plane of n values, DL4J's updater-state layout.
 *
 * <p>{@link #layer} is the one forward pass used both when deploying (state updated in place) and when
 * meta-training (state written to the next slot of a tape), so what DL4J applies and what the
 * meta-trainer differentiates are one computation.
 */
final class CoordinatewiseLstm {
    private CoordinatewiseLstm() {}

    /**
     * One LSTM layer for one step. {@code hOut}/{@code cOut} may be {@code hPrev}/{@code cPrev} (in-place
     * deployment). {@code gates} (n x 4H, a whole array) receives the activated gates i, f, g, o;
     * {@code tanhC} (n x H, a whole array) receives tanh(c), which the backward pass reuses. The last
     * {@code globalCells} units' outputs are averaged over each parameter set of {@code setSize} coordinates.
     */
    static void layer(LstmParameters p, int l, Block u, Block hPrev, Block cPrev, Block gates, Block tanhC,
                      Block hOut, Block cOut, int globalCells, long setSize) {
        int n = gates.rows, h = hPrev.cols;
        boolean f = gates.f32;
        Blas.gemm(false, false, 1, u, p.wx[l], 0, gates);
        Blas.gemm(false, false, 1, hPrev, p.wh[l], 1, gates);
        Block bias = p.b[l];
        for (int j = 0; j < 4 * h; j++) {
            double bj = bias.get(j);
            double s = j >= 2 * h && j < 3 * h ? 2 : 1;  // cell candidate: tanh through the sigmoid
            long z = gates.column(j);
            for (int i = 0; i < n; i++) Raw.put(f, z, i, s * (Raw.get(f, z, i) + bj));
        }
        sigmoidInPlace(gates);
        for (int j = 0; j < h; j++) {
            long ig = gates.column(j), fg = gates.column(h + j), gg = gates.column(2 * h + j);
            long cp = cPrev.column(j), co = cOut.column(j), tc = tanhC.column(j);
            for (int i = 0; i < n; i++) {
                double g = 2 * Raw.get(f, gg, i) - 1;
                Raw.put(f, gg, i, g);
                double c = Raw.get(f, fg, i) * Raw.get(f, cp, i) + Raw.get(f, ig, i) * g;
                Raw.put(f, co, i, c);
                Raw.put(f, tc, i, 2 * c);
            }
        }
        sigmoidInPlace(tanhC);
        for (int j = 0; j < h; j++) {
            long tc = tanhC.column(j), og = gates.column(3 * h + j), ho = hOut.column(j);
            for (int i = 0; i < n; i++) {
                double t = 2 * Raw.get(f, tc, i) - 1;
                Raw.put(f, tc, i, t);
                Raw.put(f, ho, i, Raw.get(f, og, i) * t);
            }
        }
        if (globalCells > 0) GlobalAveraging.average(hOut.columns(h - globalCells, globalCells), setSize);
    }

    /**
     * step = outputScale * (hTop Wo + bo [+ inputs Ws]), written into {@code step} (n x 1); {@code inputs}
     * (the preprocessed features, n x I) is read only with an input skip.
     */
    static void output(LstmParameters p, double outputScale, Block hTop, Block inputs, Block step) {
        Blas.gemm(false, false, 1, hTop, p.wo, 0, step);
        if (p.ws != null) Blas.gemm(false, false, 1, inputs, p.ws, 1, step);
        double bo = p.bo.get(0);
        boolean f = step.f32;
        long s = step.address;
        for (int i = 0; i < step.rows; i++) Raw.put(f, s, i, outputScale * (Raw.get(f, s, i) + bo));
    }

    /**
     * The output of an NTM-L-BFGS optimizer: the heads (n x outputs, receiving hTop Wo + bo), a read of the
     * memory in {@code state} (before this step's writes; the result goes to its read plane), the step
     * outputScale * (direct output [+ inputs Ws] + read result), then the writes into the next slot. The
     * memory is updated in place, so {@code state} is the state after the step (in meta-training a copy
     * of the one before it).
     */
    static void outputWithMemory(LstmParameters p, LowRankMemory memory, double outputScale, Block hTop, Block inputs,
                                 Block heads, Block step, LstmState state, long setSize) {
        Blas.gemm(false, false, 1, hTop, p.wo, 0, heads);
        boolean f = step.f32;
        int n = step.rows;
        for (int j = 0; j < heads.cols; j++) {
            double bj = p.bo.get(j);
            long col = heads.column(j);
            for (int i = 0; i < n; i++) Raw.put(f, col, i, Raw.get(f, col, i) + bj);
        }
        MemoryAccess.read(heads.columns(MemoryAccess.READ_VECTOR, 1), state.memoryA, state.memoryB, state.read, setSize);
        heads.columns(0, 1).copyTo(step);
        if (p.ws != null) Blas.gemm(false, false, 1, inputs, p.ws, 1, step);
        long s = step.address, r = state.read.address;
        for (int i = 0; i < n; i++) Raw.put(f, s, i, outputScale * (Raw.get(f, s, i) + Raw.get(f, r, i)));
        int slot = slot(state, memory);
        MemoryAccess.write(memory, heads, state.memoryA, state.memoryB, slot);
        double next = (slot + 1) % memory.window();
        for (int i = 0; i < n; i++) state.slot.put(i, next);
    }

    /** The slot the next write goes to, checked: a state written by another architecture fails here. */
    static int slot(LstmState state, LowRankMemory memory) {
        double v = state.slot.get(0);
        if (!(v >= 0 && v < memory.window() && v == Math.rint(v)))
            throw new IllegalStateException("memory state names write slot " + v + " of a window of " + memory.window()
                    + ": the state was not written by this optimizer");
        return (int) v;
    }

    private static void sigmoidInPlace(Block whole) {
        if (!whole.isWholeArray()) throw new IllegalStateException("native sigmoid needs a whole array");
        Transforms.sigmoid(whole.array, false);
    }

    static INDArray planes(long n, int features, DataType type) {
        return Nd4j.createUninitialized(type, new long[]{n, features}, 'f');
    }
}
