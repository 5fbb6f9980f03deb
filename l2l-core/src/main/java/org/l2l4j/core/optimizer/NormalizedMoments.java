package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;

/**
 * Adam's bias-corrected, normalized moments of each gradient coordinate, the loop shared by
 * {@link Preprocessing.Moments} and the preprocessings that add features to it.
 */
final class NormalizedMoments {
    private NormalizedMoments() {}

    /**
     * Per coordinate: m (3: two multiplies by constants and an add), v (4), w (2), d = sqrt(v / w) + eps (3),
     * the features m / w / d (2) and x / d (1), and the bias-corrected momentum m / w handed to the features
     * after them (1).
     */
    static final int FLOPS = 16;

    /** Features a moments-based preprocessing adds after the two moments features of coordinate i. */
    interface MoreFeatures {
        /**
         * @param momentum the bias-corrected momentum m / (1 - beta^t), as stored
         * @param state    all the state planes; the extension's own come after the three of the moments
         */
        void write(double gradient, double momentum, Block out, Block state, int i);
    }

    /**
     * Per coordinate, updates the state row
     * (m, v, 1 - beta^t), writes features 0 and 1 (m / (sqrt v + eps), g / (sqrt v + eps), bias-corrected),
     * then lets {@code more} write the rest.
     *
     * @param planes state planes in all: the moments' 3 and those of {@code more}
     */
    static void apply(String name, double beta, double epsilon, Block g, Block o, int features, Block s, int planes,
                      MoreFeatures more) {
        if (s == null) throw new IllegalStateException(name + " preprocessing keeps per-coordinate state; pass it");
        int n = g.rows;
        if (o.rows != n || o.cols != features || s.rows != n || s.cols != planes)
            throw new IllegalArgumentException(name + " preprocessing: gradient " + n + " x 1 needs features " + n
                    + " x " + features + " and state " + n + " x " + planes + ", got " + o.rows + " x " + o.cols + " and "
                    + s.rows + " x " + s.cols);
        for (int i = 0; i < n; i++) {
            double x = g.get(i);
            double m = beta * s.get(i, 0) + (1 - beta) * x;
            double v = beta * s.get(i, 1) + (1 - beta) * x * x;
            double w = beta * s.get(i, 2) + (1 - beta);
            s.put(i, 0, m);
            s.put(i, 1, v);
            s.put(i, 2, w);
            double d = Math.sqrt(v / w) + epsilon;
            o.put(i, 0, m / w / d);
            o.put(i, 1, x / d);
            more.write(x, s.get(i, 0) / s.get(i, 2), o, s, i);
        }
    }
}
