package org.l2l4j.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.Seeds;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The fast MLP family computes what DL4J computes for the same network, parameters and minibatch. */
class MnistFamilyTest {
    static final MnistDigits DIGITS = MnistDigits.bundled();

    @ParameterizedTest
    @CsvSource({"20,1,SIGMOID", "40,1,SIGMOID", "20,2,SIGMOID", "20,1,RELU"})
    void lossAndGradientEqualDl4js(int hidden, int layers, Activation activation) {
        var mlp = new MnistMlp(hidden, layers, activation);
        int instances = 2;
        ProblemBatch fast = mlp.family(DIGITS).sample(4, Seeds.Purpose.VALIDATION, 0, instances, DataType.DOUBLE);
        ProblemBatch dl4j = mlp.networkFamily(DIGITS).sample(4, Seeds.Purpose.VALIDATION, 0, instances, DataType.DOUBLE);
        assertEquals(fast.dimension(), dl4j.dimension(), "parameter count");
        // away from the initialization: biases and larger weights exercise every term
        INDArray theta = fast.initialParameters().addi(Nd4j.randn(DataType.DOUBLE, fast.dimension() * instances, 1).muli(0.05));
        long n = theta.length();
        INDArray gFast = Nd4j.zeros(DataType.DOUBLE, n, 1).dup('f'), gDl4j = gFast.dup('f');
        INDArray lFast = Nd4j.zeros(DataType.DOUBLE, instances, 1), lDl4j = lFast.dup();
        for (int step : new int[]{0, 7, 60}) {   // 60 x 128 > 6,000: a minibatch spanning two shuffles
            fast.evaluate(step, theta, lFast, gFast);
            dl4j.evaluate(step, theta, lDl4j, gDl4j);
            for (int k = 0; k < instances; k++)
                assertEquals(lDl4j.getDouble(k, 0), lFast.getDouble(k, 0), 1e-9, "loss of instance " + k + " at step " + step);
            double scale = gDl4j.norm2Number().doubleValue();
            double diff = gDl4j.sub(gFast).norm2Number().doubleValue();
            assertTrue(scale > 1e-3, "gradient too small to compare: " + scale);
            assertTrue(diff / scale < 1e-9, "relative gradient difference " + diff / scale + " at step " + step);
        }
    }
}
