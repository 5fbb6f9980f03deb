package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.l2l4j.examples.ComparisonResults.Kind;
import org.l2l4j.examples.ComparisonResults.OptimizerResult;

/** The paired comparison of two optimizers' final losses on the same test problems. */
class PairedDifferenceTest {

    private static OptimizerResult result(double... finals) {
        return new OptimizerResult("x", Kind.learned, null, new double[]{0}, new double[]{0}, 0, finals);
    }

    @Test
    void meanAndStandardErrorOfTheDifferences() {
        // differences 1, 2, 3: mean 2, sample variance 1, standard error 1/sqrt(3)
        double[] d = ComparisonResults.pairedDifference(result(11, 22, 33), result(10, 20, 30));
        assertEquals(2.0, d[0], 1e-12);
        assertEquals(1 / Math.sqrt(3), d[1], 1e-12);
    }

    @Test
    void aCommonDifficultyCancels() {
        // problems of very different difficulty, one optimizer always 0.1 lower: no spread in the differences
        double[] d = ComparisonResults.pairedDifference(result(0.9, 9.9, 99.9), result(1, 10, 100));
        assertEquals(-0.1, d[0], 1e-12);
        assertEquals(0.0, d[1], 1e-12);
    }

    @Test
    void refusesResultsWithoutPerProblemLossesOrOfOtherProblems() {
        assertThrows(IllegalArgumentException.class, () -> ComparisonResults.pairedDifference(result(1, 2), result(1, 2, 3)));
        var old = new OptimizerResult("x", Kind.baseline, 0.1, new double[]{0}, new double[]{0}, 0, null);
        assertThrows(IllegalArgumentException.class, () -> ComparisonResults.pairedDifference(result(1, 2), old));
    }
}
