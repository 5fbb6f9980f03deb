package org.l2l4j.examples.general;

import java.util.SplittableRandom;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.Split;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generated sequences for recurrent tasks: x_t = sin(w t + a) + 0.5 sin(2.3 w t + b) + noise, w, a, b drawn per
 * sequence; the target at t is x_{t+1}. Features and labels are [sequences, 1, length], DL4J's recurrent layout.
 */
record Waves(int length, double noise, long seed) {

    /** 2,000 sequences to meta-train on, 500 to validate, 500 to test. */
    Split<DataSet> split() {
        return new Split<>(draw(2000, 1), draw(500, 2), draw(500, 3));
    }

    private DataSet draw(int count, int part) {
        var rng = new SplittableRandom(Seeds.mix(seed * 13 + part));
        float[] x = new float[count * length], y = new float[count * length];
        for (int s = 0; s < count; s++) {
            double w = rng.nextDouble(0.1, 0.5), a = rng.nextDouble(0, 2 * Math.PI), b = rng.nextDouble(0, 2 * Math.PI);
            double previous = value(w, a, b, 0, rng);
            for (int t = 0; t < length; t++) {
                double next = value(w, a, b, t + 1, rng);
                x[s * length + t] = (float) previous;
                y[s * length + t] = (float) next;
                previous = next;
            }
        }
        return new DataSet(Nd4j.create(x, new long[]{count, 1, length}, 'c'), Nd4j.create(y, new long[]{count, 1, length}, 'c'));
    }

    private double value(double w, double a, double b, int t, SplittableRandom rng) {
        return Math.sin(w * t + a) + 0.5 * Math.sin(2.3 * w * t + b) + noise * rng.nextGaussian();
    }

    String describe() {
        return "waves: sin(w t + a) + 0.5 sin(2.3 w t + b) + N(0, " + noise + "^2), length " + length + ", seed " + seed;
    }
}
