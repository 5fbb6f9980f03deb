package org.l2l4j.core;

/**
 * How the losses along a trajectory make the meta-loss L(phi) = sum_t w_t h(f(theta_t)).
 */
public enum MetaObjective {
    /** The paper's: h(f) = f, w_t = 1. */
    SUM,
    /** h(f) = log f: every step counts by its relative progress, so late, small losses still teach. */
    LOG;

    /** dh/df at loss f: the weight of grad f(theta_t) in the meta-gradient. */
    double weight(double loss) {
        return switch (this) {
            case SUM -> 1.0;
            case LOG -> 1.0 / Math.max(loss, 1e-12);
        };
    }

    double value(double loss) {
        return switch (this) {
            case SUM -> loss;
            case LOG -> Math.log(Math.max(loss, 1e-12));
        };
    }
}
