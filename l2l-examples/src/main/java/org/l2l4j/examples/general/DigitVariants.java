package org.l2l4j.examples.general;

import java.util.Arrays;
import org.l2l4j.core.problem.LabelledExamples;

/**
 * Variants of 28 x 28 digit images for a task distribution: downsampled by averaging blocks of pixels (14 x 14,
 * 7 x 7: the small image tasks of Celo2 and small_fc_lopt), and subsets of the classes, relabelled 0..k-1.
 */
final class DigitVariants {
    private DigitVariants() {}

    static final int SIDE = 28;

    /** Each image's mean over factor x factor blocks: (28 / factor)^2 inputs, still in [0, 1]. */
    static LabelledExamples downsample(LabelledExamples digits, int factor) {
        if (digits.inputs() != SIDE * SIDE || SIDE % factor != 0)
            throw new IllegalArgumentException("downsampling needs 28 x 28 images and a factor dividing 28, got "
                    + digits.inputs() + " inputs and factor " + factor);
        if (factor == 1) return digits;
        int side = SIDE / factor, n = digits.count();
        float[] in = digits.features(), out = new float[n * side * side];
        float norm = 1f / (factor * factor);
        for (int e = 0; e < n; e++)
            for (int r = 0; r < SIDE; r++)
                for (int c = 0; c < SIDE; c++)
                    out[e * side * side + (r / factor) * side + c / factor] += in[e * SIDE * SIDE + r * SIDE + c] * norm;
        return new LabelledExamples(out, digits.labels(), side * side, digits.classes());
    }

    /** The examples of the given classes only, labelled by their position in {@code classes}. */
    static LabelledExamples classes(LabelledExamples digits, int... classes) {
        int[] relabel = new int[digits.classes()];
        Arrays.fill(relabel, -1);
        for (int i = 0; i < classes.length; i++) relabel[classes[i]] = i;
        int kept = 0;
        for (int y : digits.labels()) if (relabel[y] >= 0) kept++;
        float[] x = new float[kept * digits.inputs()];
        int[] labels = new int[kept];
        int k = 0;
        for (int e = 0; e < digits.count(); e++) {
            int y = relabel[digits.labels()[e]];
            if (y < 0) continue;
            System.arraycopy(digits.features(), e * digits.inputs(), x, k * digits.inputs(), digits.inputs());
            labels[k++] = y;
        }
        return new LabelledExamples(x, labels, digits.inputs(), classes.length);
    }
}
