package org.l2l4j.core.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
