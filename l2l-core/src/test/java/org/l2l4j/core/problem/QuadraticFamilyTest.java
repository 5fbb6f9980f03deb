package org.l2l4j.core.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class QuadraticFamilyTest {
    final QuadraticFamily family = new QuadraticFamily(4);

    private double[] evaluate(ProblemBatch batch, INDArray theta, INDArray gradient) {
        INDArray losses = Nd4j.zeros(DataType.DOUBLE, batch.instances(), 1);
        batch.evaluate(0, theta, losses, gradient);
        return losses.toDoubleVector();
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheLoss() {
        ProblemBatch batch = family.sample(3, Seeds.Purpose.TEST, 0, 3, DataType.DOUBLE);
        INDArray theta = batch.initialParameters();
        INDArray gradient = Nd4j.zeros(DataType.DOUBLE, theta.shape()).dup('f');
        evaluate(batch, theta, gradient);
        INDArray scratch = Nd4j.zeros(DataType.DOUBLE, theta.shape()).dup('f');
        double h = 1e-6;
        for (int i = 0; i < theta.length(); i++) {
            int instance = i / 4;
            double original = theta.getDouble(i);
            theta.putScalar(i, original + h);
            double plus = evaluate(batch, theta, scratch)[instance];
            theta.putScalar(i, original - h);
            double minus = evaluate(batch, theta, scratch)[instance];
            theta.putScalar(i, original);
            assertEquals((plus - minus) / (2 * h), gradient.getDouble(i), 1e-5 * Math.max(1, Math.abs(gradient.getDouble(i))));
        }
    }

    @Test
    void lossIsTheSquaredResidualOfEachInstance() {
        ProblemBatch batch = family.sample(3, Seeds.Purpose.TEST, 0, 2, DataType.DOUBLE);
        INDArray zero = Nd4j.zeros(DataType.DOUBLE, 8, 1).dup('f');
        double[] losses = evaluate(batch, zero, Nd4j.zeros(DataType.DOUBLE, 8, 1).dup('f'));
        // at theta = 0 the loss is ||y||^2; y is drawn after W's 16 values from the instance's generator
        for (int k = 0; k < 2; k++) {
            var rng = new java.util.SplittableRandom(Seeds.instance(3, Seeds.Purpose.TEST, k));
            for (int j = 0; j < 16; j++) rng.nextGaussian();
            double expected = 0;
            for (int j = 0; j < 4; j++) {
                double y = rng.nextGaussian();
                expected += y * y;
            }
            assertEquals(expected, losses[k], 1e-12);
        }
    }

    @Test
    void anInstanceIsTheSameInAnyBatch() {
        INDArray alone = family.sample(9, Seeds.Purpose.TEST, 5, 1, DataType.DOUBLE).initialParameters();
        INDArray inBatch = family.sample(9, Seeds.Purpose.TEST, 3, 4, DataType.DOUBLE).initialParameters();
        assertArrayEquals(alone.toDoubleVector(), java.util.Arrays.copyOfRange(inBatch.toDoubleVector(), 8, 12), 0.0);
    }

    @Test
    void purposesDrawDifferentInstances() {
        INDArray test = family.sample(9, Seeds.Purpose.TEST, 0, 1, DataType.DOUBLE).initialParameters();
        INDArray training = family.sample(9, Seeds.Purpose.META_TRAINING, 0, 1, DataType.DOUBLE).initialParameters();
        assertNotEquals(test.getDouble(0), training.getDouble(0));
    }
}
