package org.l2l4j.core.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class BaselineTest {

    @Test
    void rpropFollowsItsRuleCoordinateByCoordinate() {
        var rule = new BaselineRule(Baseline.RPROP, 0.1, 3, DataType.DOUBLE);
        INDArray step = Nd4j.zeros(DataType.DOUBLE, 3, 1);
        double[][] gradients = {{1, -2, 0}, {3, 1, 0}, {-1, 1, 5}, {-1, 1, 5}};
        // step sizes start at 0.1; x1.2 while the sign holds, x0.5 and no move when it flips
        double[][] expected = {
                {-0.1, 0.1, 0},            // first step: no previous gradient, sizes unchanged
                {-0.12, 0.05 * 0, 0},      // coordinate 1 flipped sign: size 0.05, step skipped
                {0, -0.05, -0.1},          // coordinate 0 flipped: size 0.06, skipped; 1 was forgotten: size stays 0.05
                {0.06, -0.06, -0.12}};     // a forgotten gradient restarts without changing the size
        for (int t = 0; t < gradients.length; t++) {
            rule.propose(Nd4j.create(gradients[t], new long[]{3, 1}, DataType.DOUBLE), t, step);
            for (int i = 0; i < 3; i++) assertEquals(expected[t][i], step.getDouble(i), 1e-12, "step " + t + " coordinate " + i);
        }
    }

    /**
     * A probe whose state is copied from a rule proposes, bit for bit, what the rule proposes from the same
     * gradient, and probing leaves the rule as it was: its later proposals equal those of a rule never probed.
     * Fails for an updater that keeps state outside its state array.
     */
    @Test
    void aProbeWithTheStateCopiedProposesWhatTheRuleWouldWithoutAdvancingIt() {
        int n = 5, steps = 6, probeAt = 3;
        var random = new java.util.Random(7);
        INDArray[] gradients = new INDArray[steps];
        for (int t = 0; t < steps; t++) {
            double[] g = new double[n];
            for (int i = 0; i < n; i++) g[i] = random.nextGaussian();
            gradients[t] = Nd4j.create(g, new long[]{n, 1}, DataType.FLOAT).dup('f');
        }
        for (Baseline b : Baseline.values()) {
            var rule = new BaselineRule(b, 0.1, n, DataType.FLOAT);
            var untouched = new BaselineRule(b, 0.1, n, DataType.FLOAT);
            var probe = new BaselineRule(b, 0.1, n, DataType.FLOAT);
            INDArray step = Nd4j.zeros(DataType.FLOAT, n, 1), expected = Nd4j.zeros(DataType.FLOAT, n, 1);
            INDArray probed = Nd4j.zeros(DataType.FLOAT, n, 1);
            for (int t = 0; t < steps; t++) {
                if (t == probeAt) {
                    INDArray other = gradients[t].mul(-3);   // a gradient the rule never sees
                    probe.copyStateFrom(rule);
                    probe.propose(other, t, probed);
                    var reference = new BaselineRule(b, 0.1, n, DataType.FLOAT);
                    for (int s = 0; s < t; s++) reference.propose(gradients[s], s, expected);
                    reference.propose(other, t, expected);
                    assertArrayEquals(expected.toFloatVector(), probed.toFloatVector(), 0f, b + ": the probe at step " + t);
                }
                rule.propose(gradients[t], t, step);
                untouched.propose(gradients[t], t, expected);
                assertArrayEquals(expected.toFloatVector(), step.toFloatVector(), 0f, b + ": step " + t + " after probing");
            }
            assertTrue(step.norm2Number().doubleValue() > 0, b + " moves");
        }
    }

    @Test
    void aProbeOfAnotherSettingIsRefused() {
        var adam = new BaselineRule(Baseline.ADAM, 0.1, 4, DataType.FLOAT);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BaselineRule(Baseline.ADAM, 0.2, 4, DataType.FLOAT).copyStateFrom(adam));
        assertTrue(e.getMessage().startsWith("cannot copy the state of Adam("), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BaselineRule(Baseline.ADAM, 0.1, 5, DataType.FLOAT).copyStateFrom(adam));
        assertThrows(IllegalArgumentException.class, () -> new BaselineRule(Baseline.RMSPROP, 0.1, 4, DataType.FLOAT).copyStateFrom(adam));
    }

    @Test
    void adamHasTheUsualDefaults() {
        var adam = (Adam) Baseline.ADAM.updater(0.5);
        assertEquals(0.5, adam.getLearningRate());
        assertEquals(0.9, adam.getBeta1());
        assertEquals(0.999, adam.getBeta2());
        assertEquals(1e-8, adam.getEpsilon());
    }

    @Test
    void thePaperGridSpansOneMillionthToFiveHundred() {
        double[] grid = LearningRateGrid.paper();
        assertEquals(30, grid.length);
        assertEquals(1e-6, grid[0], 0);
        assertEquals(1e-6 * (1 << 29), grid[29], 1e-9);
    }
}
