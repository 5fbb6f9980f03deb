package org.l2l4j.dl4j;

/**
 * A {@link LearnedUpdater} block refused a step because the network's gradient held a NaN or an infinity
 * (in its own block or in any other). It is thrown before the parameters move; the message says what the
 * step changed, which is nothing in every case but one: the first step of a network restored from a file,
 * when an updater block before this one (Adam on the first layer, say) had already taken it. See
 * {@link #networkUnchanged()}. Training can go on from there after fixing the cause (a learning rate too
 * large, a loss that overflowed, bad data).
 */
public final class NonFiniteGradientException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long blockOffset, blockSize, flattenedIndex;
    private final double value;
    private final boolean networkUnchanged;

    /**
     * @param flattenedIndex where the first bad value is, in the network's flattened gradient
     * @param stateStart     the block's first value in the network's updater state
     * @param restoredFrom   state values [restoredFrom, stateStart) are as before the step (restored, or never changed)
     * @param restored       whether they are; if not, nothing before the block was restored
     */
    NonFiniteGradientException(String block, long blockOffset, long blockSize, long flattenedIndex, double value,
                               long stateStart, long restoredFrom, boolean restored) {
        super(where(block, blockOffset, blockSize, flattenedIndex, value) + " " + changed(stateStart, restoredFrom, restored));
        this.blockOffset = blockOffset;
        this.blockSize = blockSize;
        this.flattenedIndex = flattenedIndex;
        this.value = value;
        this.networkUnchanged = restored && restoredFrom == 0;
    }

    private static String where(String block, long offset, long size, long at, double value) {
        String self = "LearnedUpdater block " + block + " (flattened parameters [" + offset + ", " + (offset + size) + "))";
        if (at >= offset && at < offset + size)
            return "non-finite gradient in " + self + ": the first bad value is " + value + " at index " + (at - offset)
                    + " of the block, flattened parameter " + at + ".";
        return "non-finite gradient in the network, seen by " + self + ": the first bad value is " + value
                + " at flattened parameter " + at + ", in " + (at < offset
                ? "an updater block before this one (which had already made its update of it)." : "a later updater block.");
    }

    private static String changed(long stateStart, long restoredFrom, boolean restored) {
        String refused = "The step was refused before any parameter moved: ";
        if (restored && restoredFrom == 0)
            return refused + "the parameters and the updater state of every block are as before it"
                    + (stateStart > 0 ? " (the " + stateStart + " state values of the blocks before this one, which had "
                    + "already taken the step, were restored)." : ".");
        if (restored)
            return refused + "the parameters, this block's state, the blocks after it and updater state values ["
                    + restoredFrom + ", " + stateStart + ") are as before it (restored), but the blocks holding updater "
                    + "state values [0, " + restoredFrom + "), up to the previous LearnedUpdater block, had completed the step.";
        return refused + "the parameters, this block's state and the blocks after it are as before it, but the blocks "
                + "before it (updater state values [0, " + stateStart + ")) had already taken the step and could not be "
                + "restored: this updater holds no copy of their state from the step before this one, as on the first "
                + "step after a network is restored from a file.";
    }

    /** Offset of the block's first parameter in the network's flattened parameters (0 outside a network). */
    public long blockOffset() { return blockOffset; }

    /** Number of parameters in the block. */
    public long blockSize() { return blockSize; }

    /** Index of the first non-finite gradient value within the block, or -1 when it lies in another block. */
    public long index() {
        return flattenedIndex >= blockOffset && flattenedIndex < blockOffset + blockSize ? flattenedIndex - blockOffset : -1;
    }

    /** Index of the first non-finite value found, in the network's flattened gradient (and parameters). */
    public long flattenedIndex() { return flattenedIndex; }

    /** That value: NaN or an infinity. */
    public double value() { return value; }

    /**
     * Whether the parameters and every updater block's state are exactly as before the refused step. False
     * only when blocks before this one had taken the step and their state could not be restored (see the message).
     */
    public boolean networkUnchanged() { return networkUnchanged; }
}
