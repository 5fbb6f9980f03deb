package org.l2l4j.core.optimizer;

import java.util.List;
import org.l2l4j.core.host.Block;

/**
 * The loop of {@link Preprocessing.AdamTimescales}: per coordinate, Adam's accumulators at several momentum
 * timescales and one second moment, their normalized values as features, and the step count's embeddings.
 * Bias corrections are computed as DL4J's Adam computes them (lr sqrt(1 - beta2^t) / (1 - beta1^t) times
 * m / (sqrt(v) + eps)), once per distinct step count: all coordinates of a deployment share one count.
 */
final class AdamAccumulators {
    private AdamAccumulators() {}

    /** Rows of one chunk: {@code g} (m x 1), {@code o} (m x features) and {@code s} (m x planes) are the same rows. */
    static void apply(Preprocessing.AdamTimescales p, Block g, Block o, Block s) {
        if (s == null) throw new IllegalStateException("adam-timescales preprocessing keeps per-coordinate state; pass it");
        int n = g.rows, k = p.momentumDecays().size(), features = p.inputSize(), planes = p.statePlanes();
        if (o.rows != n || o.cols != features || s.rows != n || s.cols != planes)
            throw new IllegalArgumentException("adam-timescales preprocessing: gradient " + n + " x 1 needs features " + n
                    + " x " + features + " and state " + n + " x " + planes + ", got " + o.rows + " x " + o.cols + " and "
                    + s.rows + " x " + s.cols);
        double[] decays = toArray(p.momentumDecays()), scales = toArray(p.stepScales());
        double beta2 = p.secondMomentDecay(), eps = p.epsilon();
        int vPlane = k, tPlane = k + 1;
        double[] correction = new double[k];   // sqrt(1 - beta2^t) / (1 - beta_j^t) at step count t
        double[] embedding = new double[scales.length];
        double rootCorrection = 0, cachedT = -1;
        for (int i = 0; i < n; i++) {
            double t = s.get(i, tPlane) + 1;
            if (t != cachedT) {
                cachedT = t;
                rootCorrection = Math.sqrt(1 - Math.pow(beta2, t));
                for (int j = 0; j < k; j++) correction[j] = rootCorrection / (1 - Math.pow(decays[j], t));
                for (int j = 0; j < scales.length; j++) {
                    double t2 = t * t, x2 = scales[j] * scales[j];
                    embedding[j] = (t2 - x2) / (t2 + x2);   // tanh(ln(t / x)), without a transcendental
                }
            }
            double x = g.get(i);
            double v = beta2 * s.get(i, vPlane) + (1 - beta2) * x * x;
            s.put(i, vPlane, v);
            s.put(i, tPlane, t);
            double root = Math.sqrt(s.get(i, vPlane)) + eps;   // of v as stored: the features are a function of the saved state
            for (int j = 0; j < k; j++) {
                double m = decays[j] * s.get(i, j) + (1 - decays[j]) * x;
                s.put(i, j, m);
                o.put(i, j, s.get(i, j) * correction[j] / root);
            }
            o.put(i, k, x * rootCorrection / root);
            for (int j = 0; j < scales.length; j++) o.put(i, k + 1 + j, embedding[j]);
        }
    }

    private static double[] toArray(List<Double> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) a[i] = values.get(i);
        return a;
    }
}
