package org.l2l4j.dl4j;

import java.lang.ref.WeakReference;
import org.l2l4j.core.host.HostMemory;
import org.l2l4j.core.host.Raw;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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
 */
final class StepGuard {
    /** The guard last created on this thread: DL4J creates a network's updater blocks in order, on one thread. */
    private static final ThreadLocal<WeakReference<StepGuard>> LAST_CREATED = new ThreadLocal<>();

    private final DataBuffer stateBuffer;   // the network's whole updater state, kept reachable for the addresses
    private final long stateBase;           // address of its element 0
    private final boolean f32;
    private final long stateStart, stateEnd;   // this block's state, in the network's state
    private final long copyStart;              // the copy covers [copyStart, stateStart)
    private final float[] floatCopy;
    private final double[] doubleCopy;
    private int copiedAfterIteration;          // the copy is the state after this iteration's step
    private boolean haveCopy;

    /** @param state this block's state, a view of the network's updater state (or an array of its own) */
    StepGuard(INDArray state, boolean initialized) {
        stateBuffer = whole(state);
        f32 = state.dataType() == DataType.FLOAT;
        stateStart = state.offset();
        stateEnd = stateStart + state.length();
        stateBase = HostMemory.address(state) - stateStart * state.dataType().width();
        StepGuard previous = LAST_CREATED.get() == null ? null : LAST_CREATED.get().get();
        copyStart = previous != null && previous.stateBuffer == stateBuffer && previous.stateEnd <= stateStart
                ? previous.stateEnd : 0;
        LAST_CREATED.set(new WeakReference<>(this));
        int length = Math.toIntExact(stateStart - copyStart);
        floatCopy = f32 && length > 0 ? new float[length] : null;
        doubleCopy = !f32 && length > 0 ? new double[length] : null;
        if (initialized) remember(-1);   // the blocks before were initialized just before this one
    }

    /**
     * Refuses the step, by a {@link NonFiniteGradientException}, when the network gradient holds a NaN or an
     * infinity, after restoring the state of the blocks before this one.
     *
     * @param gradient the block's gradient as DL4J passed it (a view of the network gradient)
     * @param column   the same values as the kernel reads them (the gradient itself, or a contiguous copy)
     */
    void refuseNonFinite(INDArray gradient, INDArray column, String block, int iteration) {
        long n = column.length();
        long inBlock = HostMemory.firstNonFinite(column);
        long offset = gradient.offset(), at;
        double value;
        if (inBlock >= 0) {
            at = offset + inBlock;
            value = column.getDouble(inBlock, 0);
        } else {
            DataBuffer all = whole(gradient);
            long base = HostMemory.address(gradient) - offset * gradient.dataType().width();
            boolean f = gradient.dataType() == DataType.FLOAT;
            at = firstNonFinite(f, base, 0, Math.min(offset, all.length()));
            if (at < 0) at = firstNonFinite(f, base, offset + n, all.length());
            if (at < 0) return;
            value = Raw.get(f, base, at);
        }
        boolean restored = copyStart == stateStart || haveCopy && iteration == copiedAfterIteration + 1;
        if (restored) restore();
        throw new NonFiniteGradientException(block, offset, n, at, value, stateStart, copyStart, restored);
    }

    /** After this block's step at {@code iteration}: the state before it is what the next step must start from. */
    void remember(int iteration) {
        long count = stateStart - copyStart;
        if (count > 0) {
            long from = stateBase + copyStart * (f32 ? 4 : 8);
            if (f32) Raw.load(from, floatCopy, (int) count);
            else Raw.load(from, doubleCopy, (int) count);
        }
        copiedAfterIteration = iteration;
        haveCopy = true;
    }

    private void restore() {
        long count = stateStart - copyStart;
        if (count == 0) return;
        long to = stateBase + copyStart * (f32 ? 4 : 8);
        if (f32) Raw.store(floatCopy, (int) count, to);
        else Raw.store(doubleCopy, (int) count, to);
    }

    private static long firstNonFinite(boolean f32, long base, long from, long to) {
        for (long i = from; i < to; i++) if (!Double.isFinite(Raw.get(f32, base, i))) return i;
        return -1;
    }

    /** The buffer an array is a view of; its own when it is no view. Element 0 is at offset 0. */
    private static DataBuffer whole(INDArray a) {
        DataBuffer original = a.data().originalDataBuffer();
        return original != null ? original : a.data();
    }
}
