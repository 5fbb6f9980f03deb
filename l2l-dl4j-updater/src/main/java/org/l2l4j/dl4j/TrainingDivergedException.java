package org.l2l4j.dl4j;

/**
 * A {@link DivergenceListener} stopped training: the score was not finite, or had grown too far beyond its first
 * values. Thrown before the step's update, so the network is as it was before the step.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final double score, reference;

    TrainingDivergedException(String message, double score, double reference) {
        super(message);
        this.score = score;
        this.reference = reference;
    }

    /** The score of the refused step. */
    public double score() { return score; }

    /** The mean of the first scores it was compared with; NaN when there were not enough yet. */
    public double reference() { return reference; }
}
