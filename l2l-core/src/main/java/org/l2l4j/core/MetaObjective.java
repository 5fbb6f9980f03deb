package org.l2l4j.core;

/**
 * How the losses along a trajectory make the meta-loss L(phi) = sum_t w_t h(f(theta_t)), t = 1..T.
 */
public enum MetaObjective {
    /** The paper's: h(f) = f, w_t = 1. */
    SUM,
    /** h(f) = log f: every step counts by its relative progress, so late, small losses still teach. */
    LOG,
    /**
     * h(f) = log f with w_t = 2t / (T + 1) (mean 1): the end of the horizon counts most, against the greed
     * that truncated meta-training rewards (steps that pay off within a truncation).
     */
    LOG_LATE;

    /** w_t: the weight of step t of a horizon of T steps. */
    public double stepWeight(int step, int horizon) {
        return this == LOG_LATE ? 2.0 * step / (horizon + 1) : 1.0;
    }

    /** w_t dh/df at loss f: the weight of grad f(theta_t) in the meta-gradient. */
    public double weight(double loss, int step, int horizon) {
        return stepWeight(step, horizon) * switch (this) {
            case SUM -> 1.0;
            case LOG, LOG_LATE -> 1.0 / Math.max(loss, 1e-12);
        };
    }

    /** w_t h(f). */
    public double value(double loss, int step, int horizon) {
        return stepWeight(step, horizon) * switch (this) {
            case SUM -> loss;
            case LOG, LOG_LATE -> Math.log(Math.max(loss, 1e-12));
        };
    }
}
