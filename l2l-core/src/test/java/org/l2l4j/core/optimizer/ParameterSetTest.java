package org.l2l4j.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFileTest;
import org.l2l4j.core.metatrain.MetaTrainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Global averaging and the memory act within a parameter set: several sets optimized together behave as
 * each set alone, and the communication really happens (a set's steps depend on its other coordinates).
 */
class ParameterSetTest {

    @ParameterizedTest
    @ValueSource(strings = {"lstm-gac", "ntm-lbfgs"})
    void setsOptimizedTogetherBehaveAsEachAlone(String kind) {
        var arch = TestArchitectures.architecture("moments-skip", kind);
        var optimizer = optimizer(arch);
        int m = 7, steps = 6;
        var together = optimizer.newStepRule(2 * m, m, DataType.DOUBLE);
        var first = optimizer.newStepRule(m, DataType.DOUBLE);
        var second = optimizer.newStepRule(m, DataType.DOUBLE);
        var random = new SplittableRandom(3);
        for (int t = 0; t < steps; t++) {
            INDArray g = column(random.doubles(2L * m, -2, 2).toArray());
            INDArray both = column(new double[2 * m]), a = column(new double[m]), b = column(new double[m]);
            together.propose(g, t, both);
            first.propose(g.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, m)).dup('f'), t, a);
            second.propose(g.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(m, 2 * m)).dup('f'), t, b);
            double[] joined = new double[2 * m];
            System.arraycopy(a.toDoubleVector(), 0, joined, 0, m);
            System.arraycopy(b.toDoubleVector(), 0, joined, m, m);
            assertArrayEquals(joined, both.toDoubleVector(), 1e-12, "step " + t);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm-gac", "ntm-lbfgs"})
    void aCoordinatesStepDependsOnTheOtherCoordinatesOfItsSet(String kind) {
        var optimizer = optimizer(TestArchitectures.architecture("moments-skip", kind));
        double[] g = {0.5, -1.0, 2.0, 0.1};
        double[] h = g.clone();
        h[3] = -3.0;   // change coordinate 3 only
        double[] stepsG = twoSteps(optimizer, g), stepsH = twoSteps(optimizer, h);
        assertTrue(Math.abs(stepsG[0] - stepsH[0]) > 1e-9, "coordinate 0 must see coordinate 3: " + stepsG[0] + " vs " + stepsH[0]);

        var plain = optimizer(TestArchitectures.architecture("moments-skip", "lstm"));
        assertEquals(twoSteps(plain, g)[0], twoSteps(plain, h)[0], 0.0, "the coordinatewise LSTM has no communication");
    }

    @Test
    void setSizeMustDivideTheCoordinates() {
        var optimizer = optimizer(TestArchitectures.architecture("none", "lstm-gac"));
        var e = assertThrows(IllegalArgumentException.class, () -> optimizer.newStepRule(10, 4, DataType.DOUBLE));
        assertTrue(e.getMessage().contains("10 coordinates do not split into parameter sets of 4"), e.getMessage());
    }

    @Test
    void memoryStateOfAnotherOptimizerIsRefused() {
        var arch = TestArchitectures.architecture("none", "ntm-lbfgs");
        INDArray planes = Nd4j.zeros(DataType.DOUBLE, 4, arch.statePlanes()).dup('f');
        planes.getColumn(arch.statePlanes() - 1).assign(7);   // the next-slot plane, outside a window of 3
        var deployment = optimizer(arch).deploy(planes);
        INDArray g = column(new double[]{1, 2, 3, 4});
        var e = assertThrows(IllegalStateException.class, () -> deployment.step(g, g.dup('f')));
        assertTrue(e.getMessage().contains("write slot 7.0 of a window of 3"), e.getMessage());
    }

    private static double[] twoSteps(TrainedOptimizer optimizer, double[] g) {
        var rule = optimizer.newStepRule(g.length, DataType.DOUBLE);
        INDArray out = column(new double[g.length]);
        rule.propose(column(g), 0, out);
        rule.propose(column(g), 1, out);
        return out.toDoubleVector();
    }

    static TrainedOptimizer optimizer(LstmArchitecture arch) {
        var config = new MetaTrainingConfig(arch, 1, 2, 10, 5, 1e-3, MetaTrainingConfig.Schedule.CONSTANT, 0,
                MetaObjective.SUM, 2, 1, 1.0, 0.5, 4, DataType.DOUBLE);
        INDArray phi = MetaTrainer.initialWeights(config).reshape(1, arch.parameterCount());
        phi.addi(TestArchitectures.jitter(arch, 0.4, DataType.DOUBLE));
        return new TrainedOptimizer(arch, phi.toDoubleVector(), TrainedOptimizerFileTest.sample().provenance());
    }

    private static INDArray column(double[] v) {
        return Nd4j.create(v, new long[]{v.length, 1}, DataType.DOUBLE).dup('f');
    }
}
