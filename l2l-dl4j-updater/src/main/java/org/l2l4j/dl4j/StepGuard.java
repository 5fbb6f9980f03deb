package org.l2l4j.dl4j;

import java.lang.ref.WeakReference;
import org.l2l4j.core.host.HostMemory;
import org.l2l4j.core.host.Raw;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Makes a step that a {@link LearnedUpdater} block refuses leave the whole network as it was.
 *
 * <p>DL4J turns a network's gradient into updates block after block, in parameter order, and subtracts the
 * updates from the parameters only after the last block; an exception from a block therefore leaves the
 * parameters and the blocks after it untouched, but the blocks before it (Adam on the first layer, say) have
 * already folded this step's gradient into their state. So the guard
 * <ul>
 * <li>checks the whole network gradient, not only its block's: the block's gradient is a view of the network's
 * flattened gradient and shares its buffer. The part before the block holds the updates the blocks before it
 * made (non-finite when their gradient was), the part after it the raw gradient of the blocks still to run;</li>
 * <li>keeps a copy of the updater state the blocks before it hold, from the end of its previous step: nothing
 * changes that state between the end of one step and the start of the next, so the copy is their state before
 * this step, and it is written back before the step is refused. The copy starts where the previous
 * LearnedUpdater block of the network ends (that block checks the same gradient first and refuses the step
 * itself), so a network with many learned blocks copies each other block's state once, not once per block.</li>
 * </ul>
 * The copy is valid for the step right after the one it was taken at (DL4J's iteration count advances by
 * one per step and not at all on a refused one), and for step 0 of a network built from scratch, for which it
 * is taken when the state is initialized. The first step of a network restored from a file at a later
 * iteration has no copy: a refusal then says that the blocks before this one kept the step.
 *
 * <p>On plain host memory (the host kernel) the checks and copies are loops over addresses; elsewhere (the ND4J
 * kernel, a GPU) they are ND4J operations on views of the network's buffers.
 */
final class StepGuard {
    /** The guard last created on this thread: DL4J creates a network's updater blocks in order, on one thread. */
    private static final ThreadLocal<WeakReference<StepGuard>> LAST_CREATED = new ThreadLocal<>();

    private final boolean host;
    private final DataBuffer stateBuffer;   // the network's whole updater state, kept reachable
    private final long stateStart, stateEnd;   // this block's state, in the network's state
    private final long copyStart;              // the copy covers [copyStart, stateStart)
    private final long stateBase;              // host: address of the state's element 0
    private final boolean f32;
    private final float[] floatCopy;           // host
    private final double[] doubleCopy;         // host
    private final INDArray before, copy;       // ND4J: [copyStart, stateStart) of the state, and its copy
    private int copiedAfterIteration;          // the copy is the state after this iteration's step
    private boolean haveCopy;

    /**
     * Made outside any workspace (the copy must outlive them).
     *
     * @param state this block's state, a view of the network's updater state (or an array of its own)
     * @param host  whether the arrays are plain host memory, worked on by address
     */
    StepGuard(INDArray state, boolean initialized, boolean host) {
        this.host = host;
        stateBuffer = whole(state);
        f32 = state.dataType() == DataType.FLOAT;
        stateStart = state.offset();
        stateEnd = stateStart + state.length();
        StepGuard previous = LAST_CREATED.get() == null ? null : LAST_CREATED.get().get();
        copyStart = previous != null && previous.stateBuffer == stateBuffer && previous.stateEnd <= stateStart
                ? previous.stateEnd : 0;
        LAST_CREATED.set(new WeakReference<>(this));
        int length = Math.toIntExact(stateStart - copyStart);
        if (host) {
            stateBase = HostMemory.address(state) - stateStart * state.dataType().width();
            floatCopy = f32 && length > 0 ? new float[length] : null;
            doubleCopy = !f32 && length > 0 ? new double[length] : null;
            before = copy = null;
        } else {
            stateBase = 0;
            floatCopy = null;
            doubleCopy = null;
            before = length > 0 ? wholeArray(stateBuffer, state.dataType()).get(NDArrayIndex.interval(copyStart, stateStart)) : null;
            copy = length > 0 ? Nd4j.createUninitialized(state.dataType(), length) : null;
        }
        if (initialized) remember(-1);   // the blocks before were initialized just before this one
    }

    /**
     * Refuses the step, by a {@link NonFiniteGradientException}, when the network gradient holds a NaN or an
     * infinity, after restoring the state of the blocks before this one.
     *
     * @param gradient the block's gradient as DL4J passed it (a view of the network gradient)
     * @param column   the same values as the kernel reads them (the gradient itself, or a contiguous copy)
     * @param inBlock  the index of the first non-finite value of {@code column}, -1 for none
     */
    void refuseNonFinite(INDArray gradient, INDArray column, long inBlock, String block, int iteration) {
        long n = column.length(), offset = gradient.offset(), at;
        double value;
        if (inBlock >= 0) {
            at = offset + inBlock;
            value = column.getDouble(inBlock, 0);
        } else {
            DataBuffer all = whole(gradient);
            long end = all.length();
            if (host) {
                long base = HostMemory.address(gradient) - offset * gradient.dataType().width();
                boolean f = gradient.dataType() == DataType.FLOAT;
                at = firstNonFinite(f, base, 0, Math.min(offset, end));
                if (at < 0) at = firstNonFinite(f, base, offset + n, end);
                if (at < 0) return;
                value = Raw.get(f, base, at);
            } else {
                INDArray whole = wholeArray(all, gradient.dataType());
                at = firstNonFinite(whole, 0, Math.min(offset, end));
                if (at < 0) at = firstNonFinite(whole, offset + n, end);
                if (at < 0) return;
                value = whole.getDouble(at);
            }
        }
        boolean restored = copyStart == stateStart || haveCopy && iteration == copiedAfterIteration + 1;
        if (restored) restore();
        throw new NonFiniteGradientException(block, offset, n, at, value, stateStart, copyStart, restored);
    }

    /** After this block's step at {@code iteration}: the state before it is what the next step must start from. */
    void remember(int iteration) {
        long count = stateStart - copyStart;
        if (count > 0) {
            if (!host) {
                copy.assign(before);
            } else {
                long from = stateBase + copyStart * (f32 ? 4 : 8);
                if (f32) Raw.load(from, floatCopy, (int) count);
                else Raw.load(from, doubleCopy, (int) count);
            }
        }
        copiedAfterIteration = iteration;
        haveCopy = true;
    }

    private void restore() {
        long count = stateStart - copyStart;
        if (count == 0) return;
        if (!host) {
            before.assign(copy);
            return;
        }
        long to = stateBase + copyStart * (f32 ? 4 : 8);
        if (f32) Raw.store(floatCopy, (int) count, to);
        else Raw.store(doubleCopy, (int) count, to);
    }

    private static long firstNonFinite(boolean f32, long base, long from, long to) {
        for (long i = from; i < to; i++) if (!Double.isFinite(Raw.get(f32, base, i))) return i;
        return -1;
    }

    /** ND4J: counted on the device; only a part that holds one is searched for it, on the host. */
    private static long firstNonFinite(INDArray whole, long from, long to) {
        if (to <= from) return -1;
        INDArray part = whole.get(NDArrayIndex.interval(from, to));
        if (Nd4j.getExecutioner().exec(new MatchCondition(part, Conditions.notFinite())).getLong(0) == 0) return -1;
        double[] values = part.toDoubleVector();
        for (int i = 0; i < values.length; i++) if (!Double.isFinite(values[i])) return from + i;
        return -1;
    }

    /** The buffer an array is a view of; its own when it is no view. Element 0 is at offset 0. */
    private static DataBuffer whole(INDArray a) {
        DataBuffer original = a.data().originalDataBuffer();
        return original != null ? original : a.data();
    }

    /** A whole buffer as a vector. */
    private static INDArray wholeArray(DataBuffer buffer, DataType type) {
        return Nd4j.create(buffer, new long[]{buffer.length()}, new long[]{1}, 0, 'c', type);
    }
}
