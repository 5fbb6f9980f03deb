package org.l2l4j.core.metatrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.LstmParameters;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.optimizer.TestArchitectures;
import org.l2l4j.core.problem.ParameterGroups;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.core.problem.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The whole meta-gradient over a truncation (reverse cumulative sum of optimizee gradients, then BPTT
 * through the optimizer network) against central finite differences, in double precision.
 *
 * <p>The analytical gradient drops second derivatives: the optimizee gradients fed to the optimizer
 * are constants, and the state entering the truncation is a constant. Finite differences therefore
 * differentiate the meta-loss in which both are frozen at their values in the unperturbed run: the
 * first truncation always runs with the reference phi, and during the second the optimizer is fed the
 * recorded gradients while the losses are evaluated at the perturbed trajectory. The derivative of that
 * function at the reference phi is exactly what the meta-trainer must compute.
 */
class MetaGradientTest {

    static final int INSTANCES = 3, DIM = 4, UNROLL = 6;

    /** Moments carries preprocessing state into the truncation: it must stay a constant of the meta-gradient. */
    @ParameterizedTest
    @CsvSource({"SUM,log-sign,lstm", "LOG,log-sign,lstm", "LOG_LATE,log-sign,lstm", "SUM,moments,lstm", "LOG,moments,lstm",
            "SUM,moments-skip,lstm", "LOG,moments-skip,lstm", "LOG_LATE,moments-skip,lstm",
            "SUM,log-sign,lstm-gac", "LOG,moments-skip,lstm-gac", "SUM,none,ntm-lbfgs", "LOG,moments-skip,ntm-lbfgs", "SUM,none-skip,ntm-lbfgs",
            "LOG,moments-gradient-skip,lstm", "LOG,moments-rprop-skip,lstm",
            "SUM,adam-timescales,adam-correction", "LOG,adam-timescales-skip,adam-correction", "LOG,adam-timescales-skip,adam-scaling",
            "SUM,adam-timescales,adam-warm-up", "LOG,adam-timescales-skip,adam-warm-up", "SUM,adam-timescales-skip,lstm"})
    void analyticalMetaGradientMatchesFiniteDifferences(MetaObjective objective, String preprocessing, String kind) {
        var arch = TestArchitectures.architecture(preprocessing, kind);
        var config = new MetaTrainingConfig(arch, 1, INSTANCES, 2 * UNROLL, UNROLL, 1e-3, MetaTrainingConfig.Schedule.CONSTANT, 0, objective, 2, 1,
                1.0, 0.3, 7, DataType.DOUBLE);
        INDArray reference = MetaTrainer.initialWeights(config).reshape(1, arch.parameterCount());
        // every weight away from 0 (the skip's, the read vector's), and the memory's read result large enough to matter
        reference.addi(TestArchitectures.jitter(arch, 0.2, DataType.DOUBLE));
        var recorder = new RecordingBatch(new QuadraticFamily(DIM)
                .sample(11, Seeds.Purpose.META_TRAINING, 0, INSTANCES, DataType.DOUBLE));
        secondTruncation(arch, objective, recorder, reference, reference, null);
        recorder.freeze();

        INDArray analytical = Nd4j.zeros(DataType.DOUBLE, 1, arch.parameterCount());
        secondTruncation(arch, objective, recorder, reference, reference, analytical);

        double scale = analytical.norm2Number().doubleValue() / Math.sqrt(arch.parameterCount());
        double worst = CentralDifferences.worstRelativeError(reference.dup(), 0, arch.parameterCount(), analytical, scale,
                phi -> secondTruncation(arch, objective, recorder, reference, phi, null));
        assertTrue(scale > 1e-4, "the meta-gradient is not trivially zero: " + scale);
        assertTrue(worst < 1e-6, "worst relative error " + worst);
    }

    /**
     * On more coordinates than a chunk of the kernel holds (3 x 400, the last chunk partial): directional
     * derivatives against finite differences in double, and the float meta-gradient (vectorized backward,
     * rational tanh) against the double one.
     */
    @ParameterizedTest
    @CsvSource({"log-sign,lstm", "moments-skip,lstm-gac", "moments-skip,ntm-lbfgs", "adam-timescales-skip,adam-correction"})
    void metaGradientHoldsAcrossChunksAndInFloat(String preprocessing, String kind) {
        var arch = TestArchitectures.architecture(preprocessing, kind);
        var family = new QuadraticFamily(400);
        var config = new MetaTrainingConfig(arch, 1, INSTANCES, 2 * UNROLL, UNROLL, 1e-3, MetaTrainingConfig.Schedule.CONSTANT, 0,
                MetaObjective.LOG, 2, 1, 1.0, 0.3, 7, DataType.DOUBLE);
        INDArray reference = MetaTrainer.initialWeights(config).reshape(1, arch.parameterCount()).addi(TestArchitectures.jitter(arch, 0.2, DataType.DOUBLE));
        var recorder = new RecordingBatch(family.sample(11, Seeds.Purpose.META_TRAINING, 0, INSTANCES, DataType.DOUBLE));
        secondTruncation(arch, MetaObjective.LOG, recorder, reference, reference, null);
        recorder.freeze();
        INDArray analytical = Nd4j.zeros(DataType.DOUBLE, 1, arch.parameterCount());
        secondTruncation(arch, MetaObjective.LOG, recorder, reference, reference, analytical);

        var random = new java.util.SplittableRandom(3);
        for (int d = 0; d < 3; d++) {
            INDArray v = Nd4j.create(random.doubles(arch.parameterCount(), -1, 1).toArray(), new long[]{1, arch.parameterCount()},
                    DataType.DOUBLE);
            double h = 1e-5;
            double plus = secondTruncation(arch, MetaObjective.LOG, recorder, reference, reference.add(v.mul(h)), null);
            double minus = secondTruncation(arch, MetaObjective.LOG, recorder, reference, reference.sub(v.mul(h)), null);
            double numerical = (plus - minus) / (2 * h), directional = analytical.mul(v).sumNumber().doubleValue();
            assertTrue(Math.abs(numerical - directional) <= 1e-6 * (Math.abs(numerical) + Math.abs(directional)),
                    "direction " + d + ": finite differences " + numerical + ", analytical " + directional);
        }

        INDArray inDouble = Nd4j.zeros(DataType.DOUBLE, 1, arch.parameterCount());
        secondTruncation(arch, MetaObjective.LOG, family.sample(11, Seeds.Purpose.META_TRAINING, 0, INSTANCES, DataType.DOUBLE),
                reference, reference, inDouble);
        INDArray inFloat = Nd4j.zeros(DataType.FLOAT, 1, arch.parameterCount());
        INDArray referenceFloat = reference.castTo(DataType.FLOAT);
        secondTruncation(arch, MetaObjective.LOG, family.sample(11, Seeds.Purpose.META_TRAINING, 0, INSTANCES, DataType.FLOAT),
                referenceFloat, referenceFloat, inFloat);
        double relative = inFloat.castTo(DataType.DOUBLE).sub(inDouble).norm2Number().doubleValue() / inDouble.norm2Number().doubleValue();
        assertTrue(relative < 1e-5, "float meta-gradient differs from double by " + relative);
    }

    @ParameterizedTest
    @EnumSource(MetaObjective.class)
    void frozenInputsChangeNothingAtTheReference(MetaObjective objective) {
        var arch = new LstmArchitecture(1, 4, new Preprocessing.Identity(), 0.05);
        var config = new MetaTrainingConfig(arch, 1, INSTANCES, 2 * UNROLL, UNROLL, 1e-3, MetaTrainingConfig.Schedule.CONSTANT, 0, objective, 2, 1,
                1.0, 0.3, 3, DataType.DOUBLE);
        INDArray phi = MetaTrainer.initialWeights(config).reshape(1, arch.parameterCount());
        var batch = new QuadraticFamily(DIM).sample(5, Seeds.Purpose.META_TRAINING, 0, INSTANCES, DataType.DOUBLE);
        var recorder = new RecordingBatch(batch);
        INDArray live = Nd4j.zeros(DataType.DOUBLE, 1, arch.parameterCount());
        secondTruncation(arch, objective, recorder, phi, phi, live);
        recorder.freeze();
        INDArray frozen = Nd4j.zeros(DataType.DOUBLE, 1, arch.parameterCount());
        secondTruncation(arch, objective, recorder, phi, phi, frozen);
        assertArrayEquals(live.toDoubleVector(), frozen.toDoubleVector(), 0.0);
    }

    /** Meta-loss of the second truncation; the first runs with {@code first}, the second with {@code second}. */
    static double secondTruncation(LstmArchitecture arch, MetaObjective objective, ProblemBatch batch,
                                   INDArray first, INDArray second, INDArray grad) {
        var truncation = new Truncation(arch, batch.instances(), batch.dimension(), UNROLL, 2 * UNROLL, objective,
                first.dataType());
        truncation.reset(batch);
        truncation.run(new LstmParameters(arch, first), null, UNROLL);
        return truncation.run(new LstmParameters(arch, second), grad == null ? null : new LstmParameters(arch, grad), UNROLL);
    }

    /** Records the gradient at each evaluation; once frozen, returns the recorded gradients instead. */
    static final class RecordingBatch implements ProblemBatch {
        private final ProblemBatch inner;
        private final Map<Integer, INDArray> recorded = new HashMap<>();
        private boolean frozen;

        RecordingBatch(ProblemBatch inner) { this.inner = inner; }

        void freeze() { frozen = true; }

        @Override public int instances() { return inner.instances(); }
        @Override public long dimension() { return inner.dimension(); }
        @Override public INDArray initialParameters() { return inner.initialParameters(); }
        @Override public ParameterGroups groups() { return inner.groups(); }

        @Override public void evaluate(int step, INDArray theta, INDArray losses, INDArray gradient) {
            inner.evaluate(step, theta, losses, gradient);
            if (frozen) gradient.assign(recorded.get(step));
            else recorded.put(step, gradient.dup());
        }
    }
}
