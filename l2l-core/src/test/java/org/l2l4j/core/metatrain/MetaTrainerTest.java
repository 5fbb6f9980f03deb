package org.l2l4j.core.metatrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.GroupedOptimizer;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.host.NativeThreads;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.problem.ParameterGroups;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.Seeds;
import org.nd4j.linalg.api.buffer.DataType;

class MetaTrainerTest {
    static final QuadraticFamily FAMILY = QuadraticFamily.paper();

    @BeforeAll
    static void threads() { NativeThreads.singleThreaded(); }

    static MetaTrainingConfig small(int epochs) {
        return new MetaTrainingConfig(LstmArchitecture.paper(new Preprocessing.LogSign(10), 1.0), epochs, 32, 40, 20,
                1e-2, MetaTrainingConfig.Schedule.CONSTANT, 0, MetaObjective.SUM, 32, 5, 1.0, 0.0, 5, DataType.FLOAT);
    }

    @Test
    void shortMetaTrainingLowersTheValidationLoss() {
        List<TrainingListener.EpochReport> reports = new ArrayList<>();
        TrainedOptimizer trained = new MetaTrainer(FAMILY, small(30), reports::add).train();
        // the untrained optimizer has a zero output layer: it stays at theta_0
        var validation = FAMILY.sample(5, Seeds.Purpose.VALIDATION, 0, 32, DataType.FLOAT);
        double initial = Rollout.run(validation, (g, it, step) -> step.assign(0), 0).finalMean();
        double firstValidated = reports.get(4).validationLoss();
        double best = trained.provenance().validationLoss();
        assertTrue(best < 0.2 * initial, "validation loss " + best + " against " + initial + " without moving");
        assertTrue(best <= firstValidated, best + " > " + firstValidated);
        assertEquals(30, trained.provenance().epochsRun());
        assertEquals(30, reports.size());
        // the kept weights are the best validated ones: re-running them reproduces the recorded loss
        // (to float rounding: validation ran in two shards, BLAS blocks differently for other sizes)
        double rerun = Rollout.run(validation, trained.newStepRule(32 * 10, DataType.FLOAT), 40).finalMean();
        assertEquals(best, rerun, 1e-3 * best);
    }

    @Test
    void metaGradientClippingBoundsTheGradientAdamSees() {
        // Adam is invariant to the gradient's scale except through its epsilon (1e-8): a gradient clipped
        // to norm 1e-12 gives steps of about lr * 1e-4, while an unclipped one moves phi by about lr.
        var base = small(2);
        var clipped = new MetaTrainingConfig(base.architecture(), 2, base.batchSize(), base.horizon(), base.unroll(),
                base.metaLearningRate(), base.schedule(), 1e-12, base.objective(), base.validationInstances(),
                base.validateEvery(), base.forgetBias(), 0.1, base.seed(), base.dataType());
        var unclipped = new MetaTrainingConfig(base.architecture(), 2, base.batchSize(), base.horizon(), base.unroll(),
                base.metaLearningRate(), base.schedule(), 0, base.objective(), base.validationInstances(),
                base.validateEvery(), base.forgetBias(), 0.1, base.seed(), base.dataType());
        double[] initial = MetaTrainer.initialWeights(clipped).toDoubleVector();
        double movedClipped = maxChange(initial, new MetaTrainer(FAMILY, clipped, TrainingListener.NONE).train().weights());
        double movedFree = maxChange(initial, new MetaTrainer(FAMILY, unclipped, TrainingListener.NONE).train().weights());
        assertTrue(movedFree > 1e-3, "unclipped training moves phi: " + movedFree);
        assertTrue(movedClipped < 1e-5, "clipped to 1e-12 it barely moves: " + movedClipped);
    }

    /** Quadratics of 10 coordinates, 0-3 in group "a" and 4-9 in group "b". */
    static final ProblemFamily GROUPED = new ProblemFamily() {
        final ParameterGroups layout = new ParameterGroups(10, List.of(
                new ParameterGroups.Group("a", List.of(new ParameterGroups.Range(0, 4))),
                new ParameterGroups.Group("b", List.of(new ParameterGroups.Range(4, 6)))));
        @Override public String name() { return FAMILY.name(); }   // as settings: only the groups tell the two apart
        @Override public java.util.Map<String, Object> settings() { return FAMILY.settings(); }
        @Override public ProblemBatch sample(long runSeed, Seeds.Purpose purpose, long firstIndex, int count, DataType type) {
            return GroupedMetaGradientTest.withGroups(FAMILY.sample(runSeed, purpose, firstIndex, count, type), layout);
        }
    };

    @Test
    void groupedTrainingOfAFamilyOfOneGroupIsTheUsualTraining() throws Exception {
        var config = small(5);
        TrainedOptimizer one = new MetaTrainer(FAMILY, config, TrainingListener.NONE).train();
        GroupedOptimizer grouped = new MetaTrainer(FAMILY, config, TrainingListener.NONE).trainGroups(null);
        assertEquals(List.of(ParameterGroups.ALL), grouped.groups());
        assertArrayEquals(one.weights(), grouped.weights().get(0), 0.0);
        assertEquals(one.provenance().validationLoss(), grouped.provenance().validationLoss());
    }

    @Test
    void eachGroupIsTrainedItsOwnOptimizerAndTheKeptPairReproducesItsValidation(@TempDir Path dir) throws Exception {
        var config = small(10);
        assertThrows(IllegalArgumentException.class, () -> new MetaTrainer(GROUPED, config, TrainingListener.NONE).train());
        GroupedOptimizer pair = new MetaTrainer(GROUPED, config, TrainingListener.NONE).trainGroups(dir.resolve("ckpt"));
        assertEquals(List.of("a", "b"), pair.groups());
        double[] initial = MetaTrainer.initialWeights(config).toDoubleVector();
        assertTrue(maxChange(initial, pair.weights().get(0)) > 1e-3 && maxChange(initial, pair.weights().get(1)) > 1e-3,
                "both groups' weights were trained");
        assertTrue(maxChange(pair.weights().get(0), pair.weights().get(1)) > 1e-4, "the groups' weights differ");
        var validation = GROUPED.sample(5, Seeds.Purpose.VALIDATION, 0, 32, DataType.FLOAT);
        double rerun = Rollout.run(validation, pair.newStepRule(validation.groups(), 32, DataType.FLOAT), 40).finalMean();
        double best = pair.provenance().validationLoss();
        assertEquals(best, rerun, 1e-3 * best);
        // a checkpoint of the pair does not resume a run of one optimizer on the same problems
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MetaTrainer(FAMILY, config.withEpochs(12), TrainingListener.NONE).train(dir.resolve("ckpt")));
        assertTrue(e.getMessage().contains("another run"), e.getMessage());
    }

    private static double maxChange(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }

    /** moments-rprop-packed gives moments-rprop's inputs from one plane fewer, so meta-training ends at the same weights. */
    @Test
    void thePackedRpropStateMetaTrainsToTheSameWeights() {
        var plain = small(2);
        java.util.function.Function<Preprocessing, MetaTrainingConfig> with = pre -> new MetaTrainingConfig(
                new LstmArchitecture(1, 6, pre, 0.1, true), 2, 8, plain.horizon(), plain.unroll(), plain.metaLearningRate(),
                plain.schedule(), 0, plain.objective(), 8, 1, plain.forgetBias(), 0.1, plain.seed(), plain.dataType());
        var a = new MetaTrainer(FAMILY, with.apply(new Preprocessing.MomentsAndRprop(0.95, 1e-8, 100)), TrainingListener.NONE).train();
        var b = new MetaTrainer(FAMILY, with.apply(new Preprocessing.MomentsAndPackedRprop(0.95, 1e-8, 100)), TrainingListener.NONE).train();
        assertArrayEquals(a.weights(), b.weights(), 0.0);
        assertEquals(a.provenance().validationLoss(), b.provenance().validationLoss(), 0.0);
    }

    @Test
    void sameSeedSameWeights() {
        var a = new MetaTrainer(FAMILY, small(4), TrainingListener.NONE).train();
        var b = new MetaTrainer(FAMILY, small(4), TrainingListener.NONE).train();
        assertArrayEquals(a.weights(), b.weights(), 0.0);
        var c = new MetaTrainer(FAMILY, small(4).withSeed(6), TrainingListener.NONE).train();
        assertTrue(a.weights()[0] != c.weights()[0]);
    }

    @Test
    void anInterruptedRunResumesWhereItStopped(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("run.ckpt");
        var uninterrupted = new MetaTrainer(FAMILY, small(10), TrainingListener.NONE).train();
        // "interrupted" after epoch 5 (the last checkpoint before the end), then started again with 10
        new MetaTrainer(FAMILY, small(5), TrainingListener.NONE).train(checkpoint);
        assertTrue(Files.exists(checkpoint));
        List<Integer> epochs = new ArrayList<>();
        var resumed = new MetaTrainer(FAMILY, small(10), r -> epochs.add(r.epoch())).train(checkpoint);
        assertEquals(List.of(6, 7, 8, 9, 10), epochs);
        assertArrayEquals(uninterrupted.weights(), resumed.weights(), 0.0);
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("run.ckpt");
        new MetaTrainer(FAMILY, small(5), TrainingListener.NONE).train(checkpoint);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MetaTrainer(FAMILY, small(10).withSeed(9), TrainingListener.NONE).train(checkpoint));
        assertTrue(e.getMessage().contains("another run: seed: checkpoint 5, this run 9. Delete it"), e.getMessage());
        var base = small(10);
        var wider = new MetaTrainingConfig(LstmArchitecture.paper(new Preprocessing.Identity(), 0.5), 10, base.batchSize(),
                base.horizon(), base.unroll(), base.metaLearningRate(), base.schedule(), base.clipNorm(), base.objective(),
                base.validationInstances(), base.validateEvery(), base.forgetBias(), base.outputInitStd(), base.seed(),
                base.dataType());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MetaTrainer(FAMILY, wider, TrainingListener.NONE).train(checkpoint));
        // only what differs, by name: not the whole configuration
        assertTrue(e.getMessage().contains("architecture.preprocessing: checkpoint LogSign[p=10.0], this run Identity[]; "
                + "architecture.outputScale: checkpoint 1.0, this run 0.5."), e.getMessage());
        assertFalse(e.getMessage().contains("batchSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MetaTrainer(new QuadraticFamily(3), small(10), TrainingListener.NONE).train(checkpoint));
        assertTrue(e.getMessage().contains("problem settings.dimension: checkpoint 10, this run 3"), e.getMessage());
        byte[] bytes = Files.readAllBytes(checkpoint);
        bytes[bytes.length / 2] ^= 1;
        Files.write(checkpoint, bytes);
        e = assertThrows(org.l2l4j.core.InvalidOptimizerFileException.class,
                () -> new MetaTrainer(FAMILY, small(10), TrainingListener.NONE).train(checkpoint));
        assertTrue(e.getMessage().startsWith(checkpoint + ": corrupt") && e.getMessage().endsWith("It cannot be resumed; "
                + "delete it, or choose another checkpoint file, to start over."), e.getMessage());
    }

    @Test
    void aCheckpointHoldingMoreEpochsThanAskedForIsRefusedAndLeftAsItIs(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("run.ckpt");
        new MetaTrainer(FAMILY, small(5), TrainingListener.NONE).train(checkpoint);
        byte[] before = Files.readAllBytes(checkpoint);
        assertEquals(5, new MetaTrainer(FAMILY, small(3), TrainingListener.NONE).epochsInCheckpoint(checkpoint));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MetaTrainer(FAMILY, small(3), TrainingListener.NONE).train(checkpoint));
        assertTrue(e.getMessage().contains("holds 5 epochs of this run, more than the 3 it is to train; it was left as it is. "
                + "To continue it, train for 5 epochs or more"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(checkpoint));
        // 5 writes the result the checkpoint holds, without training
        List<Integer> epochs = new ArrayList<>();
        var done = new MetaTrainer(FAMILY, small(5), r -> epochs.add(r.epoch())).train(checkpoint);
        assertEquals(List.of(), epochs);
        assertEquals(5, done.provenance().epochsRun());
        assertEquals(0, new MetaTrainer(FAMILY, small(5), TrainingListener.NONE).epochsInCheckpoint(dir.resolve("none.ckpt")));
    }
}
