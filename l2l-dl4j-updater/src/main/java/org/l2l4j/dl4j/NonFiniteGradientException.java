package org.l2l4j.dl4j;

/**
 * A gradient handed to a {@link LearnedUpdater} held a NaN or an infinity. Thrown before the optimizer's
 * state is touched, so the network and its updater state are as they were before the step and training
 * can go on from there (after fixing the cause: a learning rate too large, a loss that overflowed, bad data).
 */
public final class NonFiniteGradientException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long blockOffset, blockSize, index;
    private final double value;

    NonFiniteGradientException(String block, long blockOffset, long blockSize, long index, double value) {
        super("non-finite gradient in LearnedUpdater block " + block + " (flattened parameters [" + blockOffset + ", "
                + (blockOffset + blockSize) + ")): the first bad value is " + value + " at index " + index
                + " of the block, flattened parameter " + (blockOffset + index)
                + ". The updater state was left untouched.");
        this.blockOffset = blockOffset;
        this.blockSize = blockSize;
        this.index = index;
        this.value = value;
    }

    /** Offset of the block's first parameter in the network's flattened parameters (0 outside a network). */
    public long blockOffset() { return blockOffset; }

    /** Number of parameters in the block. */
    public long blockSize() { return blockSize; }

    /** Index of the first non-finite gradient value within the block. */
    public long index() { return index; }

    /** That value: NaN or an infinity. */
    public double value() { return value; }
}
