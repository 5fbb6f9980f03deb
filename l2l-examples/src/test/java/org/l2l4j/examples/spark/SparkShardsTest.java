package org.l2l4j.examples.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.host.NativeThreads;
import org.l2l4j.core.metatrain.MetaTrainer;
import org.l2l4j.core.metatrain.ShardPlan;
import org.l2l4j.core.metatrain.ShardResult;
import org.l2l4j.core.metatrain.ShardRun;
import org.l2l4j.core.metatrain.ShardRunner;
import org.l2l4j.core.metatrain.TrainingListener.EpochReport;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.core.problem.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Meta-training on Spark in local mode with two task threads against the single-process trainer: the same
 * weights to the last bit, also when a task fails and is retried or when the executors lose the shards' state
 * in the middle of an epoch. One Spark context for the class (its start is most of the time).
 */
class SparkShardsTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        NativeThreads.singleThreaded();
        // local[2, 3]: two task threads, a failed task tried up to three times (plain local[2] never retries)
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2,3]").setAppName("SparkShardsTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1").set("spark.ui.showConsoleProgress", "false"));
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    /** The quadratics of the paper, built again in every JVM. */
    record Quadratics() implements FamilyRecipe {
        @Override public ProblemFamily build() { return QuadraticFamily.paper(); }
    }

    /** 4 epochs of 16 problems in 4 shards, 3 truncations of 20 steps each: 48 tasks. */
    static MetaTrainingConfig config() {
        return new MetaTrainingConfig(LstmArchitecture.paper(new Preprocessing.LogSign(10), 1.0), 4, 16, 60, 20, 1e-2,
                MetaTrainingConfig.Schedule.CONSTANT, 1.0, MetaObjective.SUM, 16, 2, 1.0, 0.1, 7, DataType.FLOAT);
    }

    private record Run(double[] weights, List<EpochReport> reports) {}

    private static Run train(ProblemFamily family, ShardRunner runner) {
        return train(family, config(), runner);
    }

    private static Run train(ProblemFamily family, MetaTrainingConfig config, ShardRunner runner) {
        List<EpochReport> reports = new ArrayList<>();
        double[] weights = new MetaTrainer(family, config, reports::add, runner).train().weights();
        return new Run(weights, reports);
    }

    private static Run oneProcess() {
        return oneProcess(config());
    }

    private static Run oneProcess(MetaTrainingConfig config) {
        var family = QuadraticFamily.paper();
        try (var local = ShardRunner.local(family, config, ShardPlan.of(config, 4))) {
            return train(family, config, local);
        }
    }

    private static void assertSameRun(Run expected, Run actual) {
        assertArrayEquals(expected.weights(), actual.weights(), 0.0, "weights");
        assertEquals(expected.reports().size(), actual.reports().size());
        for (int i = 0; i < expected.reports().size(); i++) {
            EpochReport e = expected.reports().get(i), a = actual.reports().get(i);
            assertEquals(e.metaLoss(), a.metaLoss(), 0.0, "meta-loss of epoch " + e.epoch());
            assertEquals(e.finalLoss(), a.finalLoss(), 0.0, "final loss of epoch " + e.epoch());
            assertEquals(e.validationLoss(), a.validationLoss(), 0.0, "validation loss of epoch " + e.epoch());
        }
    }

    @Test
    void twoExecutorThreadsGiveTheWeightsOfOneProcessBitForBit() {
        Run expected = oneProcess();
        SparkShards.Stats stats;
        Run actual;
        try (var shards = new SparkShards(spark, new Quadratics(), config(), ShardPlan.of(config(), 4))) {
            actual = train(QuadraticFamily.paper(), shards);
            stats = shards.stats();
        }
        assertSameRun(expected, actual);
        assertEquals(4 * 3 * 4, stats.tasks());
        assertEquals(4 * 3, stats.jobs());
        // in local mode the one executor keeps every shard: no task had to rebuild one
        assertEquals(0, stats.replayed());
        assertEquals(0, ExecutorShards.held(), "closing the runner forgets its shards");
    }

    @Test
    void horizonsDrawnPerEpochGiveTheWeightsOfOneProcessToo() {
        // the executors read the drawn horizons from the configuration the driver sends, and cut each epoch alike
        var c = config();
        var drawn = new MetaTrainingConfig(c.architecture(), 3, 16, 60, 20, c.metaLearningRate(), c.schedule(), c.clipNorm(),
                c.objective(), c.validationInstances(), c.validateEvery(), c.forgetBias(), c.outputInitStd(), c.seed(),
                c.dataType(), new MetaTrainingConfig.Horizons(15, 60, 2));
        assertTrue(drawn.horizon(1) != drawn.horizon(3) || drawn.horizon(2) != drawn.horizon(3), "horizons that differ");
        Run expected = oneProcess(drawn);
        SparkShards.Stats stats;
        Run actual;
        try (var shards = new SparkShards(spark, new Quadratics(), drawn, ShardPlan.of(drawn, 4))) {
            actual = train(QuadraticFamily.paper(), drawn, shards);
            stats = shards.stats();
        }
        assertSameRun(expected, actual);
        int truncations = 0;
        for (int epoch = 1; epoch <= 3; epoch++) truncations += ShardRun.truncations(drawn, epoch);
        assertEquals(truncations, stats.jobs());
    }

    @Test
    void resultsComeInShardOrderWhateverOrderTheTasksReturnIn() {
        var late = new TruncationResult(1, new double[]{0.25, -2}, 3, 4, 0, 0, 0, null, 0);
        var early = new TruncationResult(0, new double[]{1.5, 0.125}, 1, 2, 0, 0, 0, null, 0);
        List<ShardResult> results = SparkShards.results(List.of(late, early), 2, DataType.FLOAT);
        assertArrayEquals(new double[]{1.5, 0.125}, results.get(0).gradient().toDoubleVector(), 0.0);
        assertArrayEquals(new double[]{0.25, -2}, results.get(1).gradient().toDoubleVector(), 0.0);
        assertEquals(DataType.FLOAT, results.get(1).gradient().dataType());
        assertArrayEquals(new long[]{1, 2}, results.get(1).gradient().shape());
        assertEquals(3, results.get(1).metaLoss(), 0.0);
        var twice = assertThrows(IllegalStateException.class, () -> SparkShards.results(List.of(early, early), 2, DataType.FLOAT));
        assertTrue(twice.getMessage().contains("shard 0 returned twice"), twice.getMessage());
        var missing = assertThrows(IllegalStateException.class, () -> SparkShards.results(List.of(early), 2, DataType.FLOAT));
        assertTrue(missing.getMessage().contains("shard 1 returned no result"), missing.getMessage());
    }

    @Test
    void onlyAnEpochsLaterTruncationsPreferTheExecutorThatHoldsTheirShard() {
        // one executor ran three of four shards: the next epoch starts them wherever slots are free
        String[] lastRan = {"executor_h_2", "executor_h_2", "executor_h_1", "executor_h_2"};
        assertArrayEquals(new String[4], SparkShards.preferred(0, lastRan));
        assertArrayEquals(lastRan, SparkShards.preferred(3, lastRan));
    }

    /** Quadratics whose shard 1 of epoch 2 throws at step 45 (in its third truncation) on a task's first attempt. */
    record FailingOnce(long firstIndex, int step) implements FamilyRecipe {
        static final AtomicInteger THROWN = new AtomicInteger();

        @Override public ProblemFamily build() {
            var quadratics = QuadraticFamily.paper();
            return new ProblemFamily() {
                @Override public String name() { return quadratics.name(); }
                @Override public java.util.Map<String, Object> settings() { return quadratics.settings(); }
                @Override public ProblemBatch sample(long seed, Seeds.Purpose purpose, long first, int count, DataType type) {
                    ProblemBatch batch = quadratics.sample(seed, purpose, first, count, type);
                    return first != firstIndex || purpose != Seeds.Purpose.META_TRAINING ? batch : new ProblemBatch() {
                        @Override public int instances() { return batch.instances(); }
                        @Override public long dimension() { return batch.dimension(); }
                        @Override public INDArray initialParameters() { return batch.initialParameters(); }
                        @Override public void evaluate(int t, INDArray theta, INDArray losses, INDArray gradient) {
                            TaskContext task = TaskContext.get();
                            if (t == step && task != null && task.attemptNumber() == 0) {
                                THROWN.incrementAndGet();
                                throw new IllegalStateException("injected failure of a task's first attempt");
                            }
                            batch.evaluate(t, theta, losses, gradient);
                        }
                    };
                }
            };
        }
    }

    @Test
    void aTaskWhoseFirstAttemptFailsIsRecomputedAndTheWeightsDoNotChange() {
        Run expected = oneProcess();
        var plan = ShardPlan.of(config(), 4);
        long first = (long) (2 - 1) * plan.batchSize() + plan.perShard();   // shard 1 of epoch 2
        FailingOnce.THROWN.set(0);
        SparkShards.Stats stats;
        Run actual;
        try (var shards = new SparkShards(spark, new FailingOnce(first, 45), config(), plan)) {
            actual = train(QuadraticFamily.paper(), shards);
            stats = shards.stats();
        }
        assertEquals(1, FailingOnce.THROWN.get(), "the first attempt failed once");
        // the retry found no state (the failed attempt had taken it) and replayed the epoch's first two truncations
        assertEquals(2, stats.replayed());
        assertSameRun(expected, actual);
    }

    @Test
    void shardStateLostInTheMiddleOfAnEpochIsRebuiltAndTheWeightsDoNotChange() {
        Run expected = oneProcess();
        var plan = ShardPlan.of(config(), 4);
        SparkShards.Stats stats;
        Run actual;
        try (var shards = new SparkShards(spark, new Quadratics(), config(), plan)) {
            // as if the executors were lost before the third truncation of epoch 3
            ShardRunner losing = new ShardRunner() {
                @Override public ShardPlan plan() { return shards.plan(); }
                @Override public List<ShardResult> run(int epoch, int truncation, INDArray phi) {
                    if (epoch == 3 && truncation == 2) ExecutorShards.clear();
                    return shards.run(epoch, truncation, phi);
                }
            };
            actual = train(QuadraticFamily.paper(), losing);
            stats = shards.stats();
        }
        assertEquals(4 * 2, stats.replayed(), "every shard replayed two truncations");
        assertSameRun(expected, actual);
    }

    @Test
    void aTaskRunTwiceGivesTheSameResultTheSecondTime() {
        // a result lost after its task ran (the shard's state has moved on): the task runs again and must replay
        var plan = ShardPlan.of(config(), 4);
        var config = config();
        var phi = MetaTrainer.initialWeights(config).castTo(DataType.FLOAT).toDoubleVector();
        var phis = List.of(spark.broadcast(phi), spark.broadcast(phi.clone()));
        String json = SparkShards.json(config);
        var first = new TruncationTask("twice", new Quadratics(), json, 4, 4, 1, 0, phis.subList(0, 1)).call(2);
        var second = new TruncationTask("twice", new Quadratics(), json, 4, 4, 1, 1, phis).call(2);
        var again = new TruncationTask("twice", new Quadratics(), json, 4, 4, 1, 1, phis).call(2);
        ExecutorShards.forget("twice");
        assertEquals(0, first.replayed());
        assertEquals(0, second.replayed());
        assertEquals(1, again.replayed());
        assertTrue(second.metaLoss() > 0);
        assertArrayEquals(second.gradient(), again.gradient(), 0.0);
        assertEquals(second.metaLoss(), again.metaLoss(), 0.0);
        assertEquals(second.meanLoss(), again.meanLoss(), 0.0);
    }
}
