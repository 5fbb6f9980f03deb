package org.l2l4j.examples.general;

import java.util.Arrays;
import org.l2l4j.examples.mnist.MnistDigits;
import org.l2l4j.core.problem.LabelledExamples;

/**
 * Variants of 28 x 28 digit images for a task distribution: downsampled by averaging blocks of pixels (14 x 14,
 * 7 x 7: the small image tasks of Celo2 and small_fc_lopt; {@link MnistDigits#downsample}), and subsets of the
 * classes, relabelled 0..k-1.
 */
final class DigitVariants {
    private DigitVariants() {}

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
