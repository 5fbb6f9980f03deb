package org.l2l4j.core.metatrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2l4j.core.GroupedOptimizer;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.host.Workers;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.LstmParameters;
import org.l2l4j.core.optimizer.TestArchitectures;
import org.l2l4j.core.problem.ParameterGroups;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The meta-gradient of every group's optimizer when a problem's parameters split into groups, each stepped
 * by an optimizer of its own weights (paper section 3.3), computed in one unroll: against central finite
 * differences in double precision, as {@link MetaGradientTest} does for one optimizer, with the second
 * truncation's inputs frozen at the unperturbed run's. The groups interleave (group a holds coordinates 0
 * and 3-4 of each instance, group b 1-2), so a row of the gradient sent to the wrong group's unroll, or a
 * step scattered back to the wrong coordinate, changes the result.
 */
class GroupedMetaGradientTest {
    static final int INSTANCES = 3, DIM = 5, UNROLL = 6;
    static final ParameterGroups LAYOUT = new ParameterGroups(DIM, List.of(
            new ParameterGroups.Group("a", List.of(new ParameterGroups.Range(0, 1), new ParameterGroups.Range(3, 2))),
            new ParameterGroups.Group("b", List.of(new ParameterGroups.Range(1, 2)))));

    /** Global averaging acts within a group of one instance: checked by the lstm-gac case. */
    @ParameterizedTest
    @CsvSource({"SUM,log-sign,lstm", "LOG,moments-skip,lstm", "SUM,log-sign,lstm-gac"})
    void everyGroupsMetaGradientMatchesFiniteDifferences(MetaObjective objective, String preprocessing, String kind) {
        var arch = TestArchitectures.architecture(preprocessing, kind);
        int per = arch.parameterCount();
        INDArray reference = differentWeights(arch, objective);
        var recorder = new MetaGradientTest.RecordingBatch(grouped(11));
        secondTruncation(arch, objective, recorder, reference, reference, null);
        recorder.freeze();
        INDArray analytical = Nd4j.zeros(DataType.DOUBLE, 1, 2L * per);
        secondTruncation(arch, objective, recorder, reference, reference, analytical);

        INDArray phi = reference.dup();
        for (int g = 0; g < 2; g++) {
            INDArray part = analytical.get(NDArrayIndex.point(0), NDArrayIndex.interval((long) g * per, (long) (g + 1) * per));
            double scale = part.norm2Number().doubleValue() / Math.sqrt(per);
            double worst = CentralDifferences.worstRelativeError(phi, g * per, (g + 1) * per, analytical, scale,
                    p -> secondTruncation(arch, objective, recorder, reference, p, null));
            assertTrue(scale > 1e-4, "group " + g + ": the meta-gradient is not trivially zero: " + scale);
            assertTrue(worst < 1e-6, "group " + g + ": worst relative error " + worst);
        }
    }

    /**
     * Two groups whose optimizers have the same weights are one shared optimizer (the plain LSTM acts on each
     * coordinate alone): the same meta-loss, and the groups' meta-gradients sum to the shared one.
     */
    @Test
    void twoGroupsOfEqualWeightsAreOneSharedOptimizer() {
        var arch = TestArchitectures.architecture("moments-skip", "lstm");
        int per = arch.parameterCount();
        INDArray one = initial(arch, MetaObjective.LOG).addi(TestArchitectures.jitter(arch, 0.2, DataType.DOUBLE));
        INDArray pair = Nd4j.concat(1, one, one);
        INDArray sharedGrad = Nd4j.zeros(DataType.DOUBLE, 1, per), pairGrad = Nd4j.zeros(DataType.DOUBLE, 1, 2L * per);
        double shared = MetaGradientTest.secondTruncation(arch, MetaObjective.LOG, quadratics(11), one, one, sharedGrad);
        double grouped = secondTruncation(arch, MetaObjective.LOG, grouped(11), pair, pair, pairGrad);
        assertEquals(shared, grouped, 1e-12 * Math.abs(shared));
        INDArray sum = pairGrad.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, per))
                .add(pairGrad.get(NDArrayIndex.point(0), NDArrayIndex.interval(per, 2L * per)));
        assertArrayEquals(sharedGrad.toDoubleVector(), sum.toDoubleVector(), 1e-10 * sharedGrad.norm2Number().doubleValue());
    }

    /**
     * What meta-training steps (each group's unroll over its gathered rows, its steps scattered back) is, bit for
     * bit, what the trained pair does once deployed ({@link GroupedOptimizer#newStepRule}, each group's optimizer as
     * the DL4J updater runs it): the same parameters after every step of two truncations, in float and double. A
     * group's state not carried between truncations, or a row gathered from the wrong coordinate, breaks it.
     */
    @ParameterizedTest
    @CsvSource({"FLOAT,log-sign,lstm", "DOUBLE,moments-skip,lstm", "FLOAT,log-sign,lstm-gac"})
    void theMetaTrainersStepsAreTheDeployedPairsSteps(DataType type, String preprocessing, String kind) {
        var arch = TestArchitectures.architecture(preprocessing, kind);
        int per = arch.parameterCount();
        INDArray phi = differentWeights(arch, MetaObjective.SUM).castTo(type);
        var trained = new ThetaRecorder(withGroups(new QuadraticFamily(DIM).sample(4, Seeds.Purpose.META_TRAINING, 0,
                INSTANCES, type), LAYOUT));
        var truncation = new Truncation(arch, INSTANCES, LAYOUT, UNROLL, 2 * UNROLL, MetaObjective.SUM, type, Workers.shared());
        truncation.reset(trained);
        INDArray grad = Nd4j.zeros(type, 1, 2L * per);
        truncation.run(split(arch, phi), split(arch, grad), UNROLL);   // the meta-training path, backward pass included
        truncation.run(split(arch, phi), null, UNROLL);

        double[] w = phi.toDoubleVector();
        var provenance = new Provenance("quadratic", java.util.Map.of(), MetaTrainingConfig.quadraticDefaults(), 0, 0, 0, "test",
                "2024-01-01T00:00:00Z", 0);
        var pair = new GroupedOptimizer(arch, List.of("a", "b"),
                List.of(java.util.Arrays.copyOfRange(w, 0, per), java.util.Arrays.copyOfRange(w, per, 2 * per)), provenance);
        var deployed = new ThetaRecorder(withGroups(new QuadraticFamily(DIM).sample(4, Seeds.Purpose.META_TRAINING, 0,
                INSTANCES, type), LAYOUT));
        Rollout.run(deployed, pair.newStepRule(LAYOUT, INSTANCES, type), 2 * UNROLL);

        assertEquals(2 * UNROLL + 1, trained.thetas.size());
        assertEquals(trained.thetas.size(), deployed.thetas.size());
        for (int t = 1; t < trained.thetas.size(); t++)
            assertArrayEquals(trained.thetas.get(t), deployed.thetas.get(t), 0.0, "theta after step " + t);
        assertTrue(maxChange(trained.thetas.get(0), trained.thetas.get(2 * UNROLL)) > 1e-3, "the optimizers moved theta");
    }

    private static double maxChange(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }

    /** Records theta at each evaluation, in order. */
    private static final class ThetaRecorder implements ProblemBatch {
        final ProblemBatch inner;
        final List<double[]> thetas = new java.util.ArrayList<>();

        ThetaRecorder(ProblemBatch inner) { this.inner = inner; }

        @Override public int instances() { return inner.instances(); }
        @Override public long dimension() { return inner.dimension(); }
        @Override public INDArray initialParameters() { return inner.initialParameters(); }
        @Override public ParameterGroups groups() { return inner.groups(); }
        @Override public void evaluate(int step, INDArray theta, INDArray losses, INDArray gradient) {
            thetas.add(theta.toDoubleVector());
            inner.evaluate(step, theta, losses, gradient);
        }
    }

    @Test
    void aBatchOfOtherGroupsIsRefused() {
        var arch = TestArchitectures.architecture("log-sign", "lstm");
        var truncation = new Truncation(arch, INSTANCES, LAYOUT, UNROLL, 2 * UNROLL, MetaObjective.SUM, DataType.DOUBLE,
                Workers.shared());
        var e = assertThrows(IllegalArgumentException.class, () -> truncation.reset(quadratics(1)));
        assertTrue(e.getMessage().contains("[all]") && e.getMessage().contains("[a, b]"), e.getMessage());
    }

    static ProblemBatch quadratics(long seed) {
        return new QuadraticFamily(DIM).sample(seed, Seeds.Purpose.META_TRAINING, 0, INSTANCES, DataType.DOUBLE);
    }

    /** Quadratics whose coordinates split into the groups of {@link #LAYOUT}. */
    static ProblemBatch grouped(long seed) {
        return withGroups(quadratics(seed), LAYOUT);
    }

    /** The batch, its coordinates split as {@code layout} says. */
    static ProblemBatch withGroups(ProblemBatch inner, ParameterGroups layout) {
        return new ProblemBatch() {
            @Override public int instances() { return inner.instances(); }
            @Override public long dimension() { return inner.dimension(); }
            @Override public INDArray initialParameters() { return inner.initialParameters(); }
            @Override public void evaluate(int step, INDArray theta, INDArray losses, INDArray gradient) {
                inner.evaluate(step, theta, losses, gradient);
            }
            @Override public ParameterGroups groups() { return layout; }
        };
    }

    private static INDArray initial(LstmArchitecture arch, MetaObjective objective) {
        var config = new MetaTrainingConfig(arch, 1, INSTANCES, 2 * UNROLL, UNROLL, 1e-3, MetaTrainingConfig.Schedule.CONSTANT, 0,
                objective, 2, 1, 1.0, 0.3, 7, DataType.DOUBLE);
        return MetaTrainer.initialWeights(config).reshape(1, arch.parameterCount());
    }

    /** Group a's weights and group b's, apart from each other and from zero. */
    private static INDArray differentWeights(LstmArchitecture arch, MetaObjective objective) {
        INDArray jitter = TestArchitectures.jitter(arch, 0.2, DataType.DOUBLE);
        INDArray a = initial(arch, objective).add(jitter), b = initial(arch, objective).sub(jitter.mul(0.7));
        return Nd4j.concat(1, a, b);
    }

    /** Meta-loss of the second truncation; the first runs with {@code first}, the second with {@code second}. */
    static double secondTruncation(LstmArchitecture arch, MetaObjective objective, ProblemBatch batch, INDArray first,
                                   INDArray second, INDArray grad) {
        var truncation = new Truncation(arch, batch.instances(), batch.groups(), UNROLL, 2 * UNROLL, objective,
                first.dataType(), Workers.shared());
        truncation.reset(batch);
        truncation.run(split(arch, first), null, UNROLL);
        return truncation.run(split(arch, second), grad == null ? null : split(arch, grad), UNROLL);
    }

    private static LstmParameters[] split(LstmArchitecture arch, INDArray flat) {
        int per = arch.parameterCount();
        return new LstmParameters[]{
                new LstmParameters(arch, flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, per))),
                new LstmParameters(arch, flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(per, 2L * per)))};
    }
}
