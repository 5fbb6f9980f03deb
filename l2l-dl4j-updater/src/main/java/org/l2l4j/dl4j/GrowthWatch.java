package org.l2l4j.dl4j;

import java.util.OptionalDouble;

/**
 * Notices a quantity that explodes relative to its early values: the mean of its first {@code window} finite
 * values is its reference, and a value more than {@code factor} times the reference is reported, once; the next
 * report needs another factor of growth. So a divergence is said a few times (at 10^3, 10^6, 10^9 times the start,
 * say), not at every step.
 */
final class GrowthWatch implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final double factor;
    private final int window;
    private double sum;
    private int seen;
    private double threshold;   // relative to the reference; set once the window is full

    GrowthWatch(double factor, int window) {
        if (!(factor > 1) || Double.isInfinite(factor)) throw new IllegalArgumentException("growth factor must be > 1, got " + factor);
        if (window < 1) throw new IllegalArgumentException("window must be >= 1, got " + window);
        this.factor = factor;
        this.window = window;
    }

    /** The value's multiple of the reference when it is to be reported now; non-finite values are the caller's. */
    OptionalDouble observe(double value) {
        if (!Double.isFinite(value)) return OptionalDouble.empty();
        if (seen < window) {
            sum += Math.abs(value);
            if (++seen == window) threshold = factor;
            return OptionalDouble.empty();
        }
        double reference = sum / window;
        if (reference <= 0) return OptionalDouble.empty();
        double ratio = Math.abs(value) / reference;
        if (ratio <= threshold) return OptionalDouble.empty();
        threshold = ratio * factor;
        return OptionalDouble.of(ratio);
    }

    /** The mean of the first values, once there are enough of them; NaN before. */
    double reference() {
        return seen < window ? Double.NaN : sum / window;
    }
}
