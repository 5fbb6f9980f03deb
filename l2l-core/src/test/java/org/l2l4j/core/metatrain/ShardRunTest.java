package org.l2l4j.core.metatrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.host.NativeThreads;
import org.l2l4j.core.optimizer.TestArchitectures;
import org.l2l4j.core.problem.QuadraticFamily;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A shard rebuilt elsewhere is the same shard: what a cluster relies on when it recomputes a lost task. */
class ShardRunTest {
    private static final QuadraticFamily FAMILY = QuadraticFamily.paper();

    @BeforeAll
    static void threads() { NativeThreads.singleThreaded(); }

    private static MetaTrainingConfig config(MetaObjective objective) {
        var c = MetaTrainerTest.small(3);
        return new MetaTrainingConfig(c.architecture(), 3, 12, 50, 20, c.metaLearningRate(), c.schedule(), 0, objective,
                c.validationInstances(), 1, c.forgetBias(), 0.1, c.seed(), DataType.FLOAT);
    }

    /** Three different weights, as three Adam steps would leave them. */
    private static INDArray[] phis(MetaTrainingConfig config) {
        var arch = config.architecture();
        INDArray phi = MetaTrainer.initialWeights(config).castTo(DataType.FLOAT).reshape(1, arch.parameterCount());
        return new INDArray[]{phi, phi.add(TestArchitectures.jitter(arch, 0.05, DataType.FLOAT)),
                phi.add(TestArchitectures.jitter(arch, 0.1, DataType.FLOAT))};
    }

    @ParameterizedTest
    @EnumSource(value = MetaObjective.class, names = {"SUM", "LOG"})
    void replayingTheEarlierTruncationsGivesTheSameNextTruncation(MetaObjective objective) {
        var config = config(objective);
        var plan = ShardPlan.of(config, 3);
        INDArray[] phi = phis(config);
        var original = new ShardRun(FAMILY, config, plan);
        original.start(2, 1);
        original.next(phi[0]);
        original.next(phi[1]);
        ShardResult expected = copy(original.next(phi[2]));

        // another process: a fresh shard, last used for another epoch and shard, rebuilt by replay
        var rebuilt = new ShardRun(FAMILY, config, plan);
        rebuilt.start(1, 0);
        rebuilt.next(phi[2]);
        rebuilt.start(2, 1);
        rebuilt.replay(phi[0]);
        rebuilt.replay(phi[1]);
        assertEquals(2, rebuilt.truncationsDone());
        ShardResult again = rebuilt.next(phi[2]);
        assertTrue(expected.gradient().norm2Number().doubleValue() > 0, "a meta-gradient");
        assertArrayEquals(expected.gradient().toDoubleVector(), again.gradient().toDoubleVector(), 0.0);
        assertEquals(expected.metaLoss(), again.metaLoss(), 0.0);
        assertEquals(expected.meanLoss(), again.meanLoss(), 0.0);
    }

    private static ShardResult copy(ShardResult r) {
        return new ShardResult(r.gradient().dup(), r.metaLoss(), r.meanLoss(), r.networkNanos(), r.problemNanos());
    }

    @Test
    void shardsOfAPlanCoverTheBatchOnce() {
        var config = config(MetaObjective.SUM);
        var plan = ShardPlan.of(config, 4);
        assertEquals(3, plan.perShard());
        // shard 3 of epoch 2 is instances 12 + 9 .. 12 + 11: the last quarter of the epoch's whole batch
        INDArray theta = plan.sample(FAMILY, config, 2, 3).initialParameters();
        INDArray all = ShardPlan.of(config, 1).sample(FAMILY, config, 2, 0).initialParameters();
        assertArrayEquals(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(90, 120)).toDoubleVector(),
                theta.toDoubleVector(), 0.0);
    }

    @Test
    void truncationsOfAnEpoch() {
        var config = config(MetaObjective.SUM);   // horizon 50 in truncations of 20
        assertEquals(3, ShardRun.truncations(config, 1));
        assertEquals(List.of(20, 20, 10), List.of(ShardRun.steps(config, 1, 0), ShardRun.steps(config, 1, 1),
                ShardRun.steps(config, 1, 2)));
        assertThrows(IllegalArgumentException.class, () -> ShardRun.steps(config, 1, 3));
    }

    @Test
    void drawnHorizonsSetEachEpochsTruncations() {
        var c = config(MetaObjective.SUM);
        var drawn = new MetaTrainingConfig(c.architecture(), 6, 12, 50, 20, c.metaLearningRate(), c.schedule(), 0, c.objective(),
                c.validationInstances(), 1, c.forgetBias(), 0.1, c.seed(), DataType.FLOAT, new MetaTrainingConfig.Horizons(15, 90, 3));
        java.util.Set<Integer> counts = new java.util.TreeSet<>();
        for (int epoch = 1; epoch <= 6; epoch++) {
            int horizon = drawn.horizon(epoch), sum = 0, k = 0;
            for (; k < ShardRun.truncations(drawn, epoch); k++) sum += ShardRun.steps(drawn, epoch, k);
            assertEquals(horizon, sum, "epoch " + epoch + "'s truncations cover its horizon " + horizon);
            final int past = k, e = epoch;
            assertThrows(IllegalArgumentException.class, () -> ShardRun.steps(drawn, e, past));
            counts.add(k);
        }
        assertTrue(counts.size() > 1, "horizons from 15 to 90 give epochs of different truncation counts: " + counts);
    }

    @Test
    void aPlanMustCutTheBatchEvenly() {
        var config = config(MetaObjective.SUM);
        var e = assertThrows(IllegalArgumentException.class, () -> ShardPlan.of(config, 5));
        assertTrue(e.getMessage().contains("12 problems") && e.getMessage().contains("5 shards"), e.getMessage());
        assertEquals(new ShardPlan(2, 6), ShardPlan.of(config));
        var cut = assertThrows(IllegalArgumentException.class, () -> new MetaTrainer(FAMILY, config, TrainingListener.NONE,
                ShardRunner.local(FAMILY, config.withEpochs(1), new ShardPlan(2, 5))));
        assertTrue(cut.getMessage().contains("2 shards of 5 problems does not cut a batch of 12"), cut.getMessage());
    }

    @Test
    void moreShardsChangeOnlyTheRounding() {
        // the same problems summed in other groups: equal weights up to float rounding
        var config = config(MetaObjective.SUM);
        double[] two = new MetaTrainer(FAMILY, config, TrainingListener.NONE).train().weights();
        double[] six;
        try (var runner = ShardRunner.local(FAMILY, config, ShardPlan.of(config, 6))) {
            six = new MetaTrainer(FAMILY, config, TrainingListener.NONE, runner).train().weights();
        }
        double max = 0, scale = 0;
        for (int i = 0; i < two.length; i++) {
            max = Math.max(max, Math.abs(two[i] - six[i]));
            scale = Math.max(scale, Math.abs(two[i]));
        }
        assertTrue(max < 1e-4 * scale, "largest difference " + max + " against weights up to " + scale);
    }
}
