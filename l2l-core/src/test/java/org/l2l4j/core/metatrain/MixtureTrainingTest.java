package org.l2l4j.core.metatrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.host.NativeThreads;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.optimizer.StepOutput;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.TaskMixture;
import org.nd4j.linalg.api.buffer.DataType;

/** Meta-training on a mixture of families, with horizons drawn per epoch and a validation of its own. */
class MixtureTrainingTest {
    static final TaskMixture MIXTURE = new TaskMixture("two quadratics", List.of(
            new TaskMixture.Member(new QuadraticFamily(6), 1, 0), new TaskMixture.Member(new QuadraticFamily(15), 2, 3)));
    static final LstmArchitecture ARCH = new LstmArchitecture(1, 6, Preprocessing.AdamTimescales.standard(), 0.05, true, 0, null,
            new StepOutput.AdamCorrection(2, 0.5));

    @BeforeAll
    static void threads() { NativeThreads.singleThreaded(); }

    static MetaTrainingConfig config(int epochs) {
        return new MetaTrainingConfig(ARCH, epochs, 8, 30, 10, 3e-3, MetaTrainingConfig.Schedule.CONSTANT, 0, MetaObjective.LOG,
                4, 2, 1.0, 0.0, 3, DataType.FLOAT, new MetaTrainingConfig.Horizons(15, 45, 4));
    }

    static RelativeToReference validation() {
        return validation(1);
    }

    static RelativeToReference validation(double lossWeight) {
        var adam = (Validation.Frozen) batch -> new org.l2l4j.core.baseline.BaselineRule(org.l2l4j.core.baseline.Baseline.ADAM,
                0.05, batch.instances() * batch.dimension(), DataType.FLOAT);
        return new RelativeToReference(List.of(new RelativeToReference.Task("q6", new QuadraticFamily(6), 3, 30),
                new RelativeToReference.Task("q12", new QuadraticFamily(12), 2, 40)), "adam 0.05", adam, 5, lossWeight, 3, DataType.FLOAT);
    }

    @Test
    void membersAreDrawnByWeightAndCapped() {
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            var m = MIXTURE.memberFor(1, Seeds.Purpose.META_TRAINING, 4L * i);
            counts.merge(((QuadraticFamily) m.family()).dimension() * 1L, 1, Integer::sum);
            assertEquals(m, MIXTURE.memberFor(1, Seeds.Purpose.META_TRAINING, 4L * i));
        }
        assertEquals(2.0, counts.get(15L) / (double) counts.get(6L), 0.2, "weights 1 : 2");
        for (int i = 0; i < 20; i++) {
            var batch = MIXTURE.sample(1, Seeds.Purpose.META_TRAINING, 4L * i, 4, DataType.FLOAT);
            assertEquals(batch.dimension() == 15 ? 3 : 4, batch.instances(), "the second member holds 3 instances at most");
        }
    }

    @Test
    void horizonsRiseOverTheRampAndRepeatForASeed() {
        var h = new MetaTrainingConfig.Horizons(100, 2000, 50);
        Set<Integer> distinct = new HashSet<>();
        for (int e = 1; e <= 200; e++) {
            int drawn = h.draw(1, e);
            double cap = 100 + 1900 * Math.min(1.0, (e - 1) / 50.0);
            assertTrue(drawn >= 100 && drawn <= Math.round(cap), "epoch " + e + ": " + drawn);
            assertEquals(drawn, h.draw(1, e));
            distinct.add(drawn);
        }
        assertEquals(100, h.draw(1, 1), "the first epoch runs the shortest horizon");
        assertTrue(distinct.size() > 100, "horizons vary");
        int below500 = 0;
        for (int e = 51; e <= 200; e++) if (h.draw(1, e) < 500) below500++;
        // log-uniform on [100, 2000]: P(< 500) = ln 5 / ln 20 = 0.54
        assertEquals(0.54, below500 / 150.0, 0.12, "heavy-tailed: most horizons short");
    }

    @Test
    void aMixtureTrainsWithItsOwnValidationAndResumes(@TempDir Path dir) throws Exception {
        List<Double> validated = new ArrayList<>();
        var validation = validation();
        TrainedOptimizer trained = new MetaTrainer(MIXTURE, config(8), r -> {
            if (!Double.isNaN(r.validationLoss())) validated.add(r.validationLoss());
        }, validation).train();
        assertEquals(4, validated.size(), "validated every 2 epochs");
        assertEquals(validated.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                trained.provenance().validationLoss(), 0.0, "the best validation score is what is kept");
        assertTrue(Double.isFinite(trained.provenance().validationLoss()));
        assertEquals(2, validation.lastRatios().length);
        assertTrue(String.valueOf(trained.provenance().validation()).contains("q12"), "the provenance says how it was validated");
        // resumable like any run, though batches change shape between epochs
        Path checkpoint = dir.resolve("mix.ckpt");
        new MetaTrainer(MIXTURE, config(4), TrainingListener.NONE, validation()).train(checkpoint);
        var resumed = new MetaTrainer(MIXTURE, config(8), TrainingListener.NONE, validation()).train(checkpoint);
        assertArrayEquals(trained.weights(), resumed.weights(), 0.0);
    }

    /** The reference scores 0 against itself; an optimizer that blows up scores +infinity. */
    @Test
    void scoresAreRelativeAndDivergenceIsNeverKept() {
        var adam = (Validation.Frozen) batch -> new org.l2l4j.core.baseline.BaselineRule(org.l2l4j.core.baseline.Baseline.ADAM,
                0.05, batch.instances() * batch.dimension(), DataType.FLOAT);
        var pool = org.l2l4j.core.host.Workers.shared();
        {
            var v = validation();
            assertEquals(0.0, v.score(adam, pool), 1e-12);
            Validation.Frozen exploding = batch -> (g, t, step) -> step.assign(g).muli(1e6);
            assertEquals(Double.POSITIVE_INFINITY, v.score(exploding, pool));
            Validation.Frozen still = batch -> (g, t, step) -> step.assign(0);
            double behind = v.score(still, pool);
            assertTrue(behind > 0, "standing still is worse than Adam");
            assertEquals(4 * behind, validation(4).score(still, pool), 1e-9 * behind, "a task behind the reference counts 4 times");
        }
    }

}
