package org.l2l4j.core.problem;

import java.util.Objects;

/**
 * Classification examples held in memory: {@code count} feature vectors of {@code inputs} values, row after
 * row, and a class index for each.
 */
public record LabelledExamples(float[] features, int[] labels, int inputs, int classes) {

    public LabelledExamples {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (inputs < 1 || classes < 2) throw new IllegalArgumentException("need inputs >= 1 and classes >= 2, got " + inputs + ", " + classes);
        if (features.length != (long) labels.length * inputs)
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * inputs
                    + " feature values, got " + features.length);
        for (int i = 0; i < labels.length; i++)
            if (labels[i] < 0 || labels[i] >= classes)
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is not in 0.." + (classes - 1));
    }

    public int count() { return labels.length; }

    /** Examples [from, to). */
    public LabelledExamples range(int from, int to) {
        if (from < 0 || to > count() || from >= to) throw new IllegalArgumentException("no examples " + from + ".." + to + " of " + count());
        return new LabelledExamples(java.util.Arrays.copyOfRange(features, from * inputs, to * inputs),
                java.util.Arrays.copyOfRange(labels, from, to), inputs, classes);
    }
}
