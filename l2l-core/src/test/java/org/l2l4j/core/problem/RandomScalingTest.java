package org.l2l4j.core.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RandomScalingTest {
    final QuadraticFamily quadratics = new QuadraticFamily(4);
    final RandomScaling scaled = new RandomScaling(quadratics, 10);

    private static double[] evaluate(ProblemBatch batch, INDArray x, INDArray gradient) {
        INDArray losses = Nd4j.zeros(DataType.DOUBLE, batch.instances(), 1);
        batch.evaluate(0, x, losses, gradient);
        return losses.toDoubleVector();
    }

    private static INDArray column(long n) {
        return Nd4j.zeros(DataType.DOUBLE, n, 1).dup('f');
    }

    @Test
    void gradientIsThatOfTheRescaledLossInPhi() {
        ProblemBatch batch = scaled.sample(5, Seeds.Purpose.META_TRAINING, 0, 3, DataType.DOUBLE);
        INDArray phi = batch.initialParameters().addi(0.3);
        INDArray gradient = column(phi.length()), scratch = column(phi.length());
        evaluate(batch, phi, gradient);
        for (int i = 0; i < phi.length(); i++) {
            int instance = i / 4;
            double original = phi.getDouble(i), h = 1e-6 * Math.max(1, Math.abs(original));
            phi.putScalar(i, original + h);
            double plus = evaluate(batch, phi, scratch)[instance];
            phi.putScalar(i, original - h);
            double minus = evaluate(batch, phi, scratch)[instance];
            phi.putScalar(i, original);
            double fd = (plus - minus) / (2 * h);
            assertEquals(fd, gradient.getDouble(i), 1e-6 * Math.max(1, Math.abs(fd)), "coordinate " + i);
        }
    }

    @Test
    void changesVariablesNotTheProblem() {
        ProblemBatch plain = quadratics.sample(5, Seeds.Purpose.META_TRAINING, 0, 3, DataType.DOUBLE);
        ProblemBatch batch = scaled.sample(5, Seeds.Purpose.META_TRAINING, 0, 3, DataType.DOUBLE);
        INDArray theta0 = plain.initialParameters(), phi0 = batch.initialParameters();
        INDArray g = column(12), gPhi = column(12);
        assertArrayEquals(evaluate(plain, theta0, g), evaluate(batch, phi0, gPhi), 1e-9);
        // grad_phi = c * grad_theta with theta = c * phi, so c = theta0 / phi0 and grad_phi / grad_theta agree
        for (int i = 0; i < 12; i++) {
            double c = theta0.getDouble(i) / phi0.getDouble(i);
            assertTrue(c >= 0.1 - 1e-12 && c <= 10 + 1e-12, "factor " + c + " outside [1/10, 10]");
            assertEquals(c, gPhi.getDouble(i) / g.getDouble(i), 1e-9 * c);
        }
    }

    @Test
    void factorsSpreadOverTheRangeAndDifferByInstance() {
        ProblemBatch plain = quadratics.sample(5, Seeds.Purpose.META_TRAINING, 0, 200, DataType.DOUBLE);
        ProblemBatch batch = scaled.sample(5, Seeds.Purpose.META_TRAINING, 0, 200, DataType.DOUBLE);
        double[] c = plain.initialParameters().divi(batch.initialParameters()).toDoubleVector();
        double min = Double.MAX_VALUE, max = 0, meanLog = 0;
        for (double x : c) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            meanLog += Math.log(x) / c.length;
        }
        assertTrue(min < 0.12 && max > 8, "factors span [" + min + ", " + max + "], not most of [0.1, 10]");
        assertEquals(0, meanLog, 0.1, "log-uniform factors are centred on 1");
        // the same instance index in a later batch gets the same factors; another index other ones
        ProblemBatch again = scaled.sample(5, Seeds.Purpose.META_TRAINING, 7, 1, DataType.DOUBLE);
        ProblemBatch plain7 = quadratics.sample(5, Seeds.Purpose.META_TRAINING, 7, 1, DataType.DOUBLE);
        double[] c7 = plain7.initialParameters().divi(again.initialParameters()).toDoubleVector();
        for (int j = 0; j < 4; j++) assertEquals(c[7 * 4 + j], c7[j], 1e-12);
        assertTrue(Math.abs(c[0] - c[4]) > 1e-6);
    }

    @Test
    void validationAndTestInstancesAreLeftUnscaled() {
        for (Seeds.Purpose purpose : new Seeds.Purpose[]{Seeds.Purpose.VALIDATION, Seeds.Purpose.TEST}) {
            ProblemBatch plain = quadratics.sample(5, purpose, 0, 3, DataType.DOUBLE);
            ProblemBatch batch = scaled.sample(5, purpose, 0, 3, DataType.DOUBLE);
            assertEquals(plain.initialParameters(), batch.initialParameters(), purpose.name());
        }
    }

    @Test
    void recordsItselfInTheSettingsAndRejectsARangeThatScalesNothing() {
        assertEquals(10.0, scaled.settings().get("randomScaling"));
        assertEquals(quadratics.settings().get("dimension"), scaled.settings().get("dimension"));
        assertEquals("quadratic", scaled.name());
        for (double bad : new double[]{1, 0.5, Double.NaN, Double.POSITIVE_INFINITY})
            assertThrows(IllegalArgumentException.class, () -> new RandomScaling(quadratics, bad));
    }
}
