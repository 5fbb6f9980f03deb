package org.l2l4j.examples.general;

import java.util.SplittableRandom;
import org.l2l4j.core.problem.LabelledExamples;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.Split;

/**
 * Generated classification data: each class a Gaussian cluster, unit variance around a mean drawn N(0, separation^2)
 * per input, so the classes overlap and a classifier's loss never reaches zero. The parts of a split are
 * independent draws of one generative model (the same means).
 */
record GaussianClusters(int inputs, int classes, double separation, long seed) {

    GaussianClusters {
        if (inputs < 1 || classes < 2 || !(separation > 0))
            throw new IllegalArgumentException("clusters need inputs >= 1, classes >= 2 and separation > 0");
    }

    /** 4,000 examples to meta-train on, 2,000 to validate and 2,000 to test. */
    Split<LabelledExamples> split() {
        var rng = new SplittableRandom(Seeds.mix(seed));
        double[] means = new double[classes * inputs];
        for (int i = 0; i < means.length; i++) means[i] = separation * rng.nextGaussian();
        return new Split<>(draw(means, 4000, 1), draw(means, 2000, 2), draw(means, 2000, 3));
    }

    private LabelledExamples draw(double[] means, int count, int part) {
        var rng = new SplittableRandom(Seeds.mix(seed * 7 + part));
        float[] x = new float[count * inputs];
        int[] y = new int[count];
        for (int e = 0; e < count; e++) {
            y[e] = rng.nextInt(classes);
            for (int j = 0; j < inputs; j++) x[e * inputs + j] = (float) (means[y[e] * inputs + j] + rng.nextGaussian());
        }
        return new LabelledExamples(x, y, inputs, classes);
    }

    String describe() {
        return "gaussian clusters: " + inputs + " inputs, " + classes + " classes, separation " + separation + ", seed " + seed;
    }
}
