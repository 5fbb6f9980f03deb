package org.l2l4j.examples.suite;

import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * One training run: one optimizer on one task from one seed.
 *
 * @param loss         the minibatch loss of every completed iteration
 * @param seconds      wall time since the start of fit at the end of every completed iteration
 * @param wallSeconds  the whole fit, as the user waits for it
 * @param heldOut      the held-out metric after training; NaN when the run diverged
 * @param parameterNorm the L2 norm of all the network's parameters after training; NaN when the run diverged
 * @param regularization the penalty DL4J adds to the loss after training (0.5 c |W|^2 for weight decay c, L1,
 *                     L2; 0 without): part of every {@code loss} of a regularized network; NaN when diverged
 * @param divergedAt   the 0-based iteration whose loss was not finite or that threw; null if it finished
 * @param failure      what stopped a diverged run, in words
 */
@JsonPropertyOrder({"seed", "divergedAt", "failure", "wallSeconds", "forwardBackwardSeconds", "updaterSeconds", "heldOut", "parameterNorm",
        "regularization", "loss"})
public record Run(long seed, double[] loss, double[] seconds, double wallSeconds, double forwardBackwardSeconds,
                  double updaterSeconds, double heldOut, double parameterNorm, double regularization, Integer divergedAt,
                  String failure) {

    /** Final loss as the suite defines it: the mean training loss of the last {@value Suite#FINAL_WINDOW} iterations. */
    @JsonIgnore public double finalLoss() {
        if (divergedAt != null || loss.length == 0) return Double.NaN;
        int from = Math.max(0, loss.length - Suite.FINAL_WINDOW);
        double sum = 0;
        for (int i = from; i < loss.length; i++) sum += loss[i];
        return sum / (loss.length - from);
    }

    @JsonIgnore public boolean diverged() { return divergedAt != null; }

    /** Iterations completed. */
    @JsonIgnore public int iterations() { return loss.length; }
}
