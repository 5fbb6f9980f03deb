package org.l2l4j.examples.spark;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.core.host.NativeThreads;
import org.l2l4j.core.metatrain.ShardPlan;
import org.l2l4j.core.metatrain.ShardResult;
import org.l2l4j.core.metatrain.ShardRun;
import org.l2l4j.core.problem.ProblemFamily;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The executor side: each executor JVM keeps the {@link ShardRun} of every shard it ran last, keyed by run and
 * shard, so that the next truncation continues where the previous task left theta and the optimizer state. Spark
 * tasks are stateless, so a task that finds no state, or state of another epoch or truncation (a lost executor,
 * a retried task, a shard moved to another executor), rebuilds it: it starts the epoch's problems again from the
 * seed and replays the epoch's earlier truncations with the weights the driver sent for them, which leaves the
 * shard exactly where the lost state was. The result is the same whichever path the task took.
 */
final class ExecutorShards {
    private record Key(String run, int shard) {}

    private static final ConcurrentHashMap<Key, ShardRun> RUNS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<FamilyRecipe, ProblemFamily> FAMILIES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, MetaTrainingConfig> CONFIGS = new ConcurrentHashMap<>();
    private static volatile boolean started;

    private ExecutorShards() {}

    /**
     * Truncation {@code k} of shard {@code shard} of epoch {@code epoch}: {@code phis.get(j)} holds the weights of
     * truncation j of the epoch, j = 0..k.
     */
    static TruncationResult run(String run, FamilyRecipe recipe, String configJson, ShardPlan plan, int epoch, int k,
                                List<Broadcast<double[]>> phis, int shard) {
        long t0 = System.nanoTime();
        startBackend();
        MetaTrainingConfig config = CONFIGS.computeIfAbsent(configJson, ExecutorShards::parse);
        var key = new Key(run, shard);
        // ours alone while it runs: a second attempt of the same task running at the same time builds its own
        ShardRun state = RUNS.remove(key);
        if (state == null) state = new ShardRun(FAMILIES.computeIfAbsent(recipe, FamilyRecipe::build), config, plan);
        int replayed = 0;
        if (state.shard() != shard || state.epoch() != epoch || state.truncationsDone() != k) {
            state.start(epoch, shard);
            for (int j = 0; j < k; j++) state.replay(weights(phis.get(j), config));
            replayed = k;
        }
        ShardResult r = state.next(weights(phis.get(k), config));
        var result = new TruncationResult(shard, r.gradient().toDoubleVector(), r.metaLoss(), r.meanLoss(), r.networkNanos(),
                r.problemNanos(), replayed, location(), System.nanoTime() - t0);
        RUNS.put(key, state);
        return result;
    }

    private static INDArray weights(Broadcast<double[]> phi, MetaTrainingConfig config) {
        double[] values = phi.value();
        return Nd4j.create(values, new long[]{1, values.length}, DataType.DOUBLE).castTo(config.dataType());
    }

    private static MetaTrainingConfig parse(String json) {
        try {
            return TrainedOptimizerFile.JSON.readValue(json, MetaTrainingConfig.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the meta-training configuration sent by the driver: " + e.getMessage(), e);
        }
    }

    /** The executor, in the form Spark takes as a preferred location ({@code executor_HOST_ID}). */
    private static String location() {
        SparkEnv env = SparkEnv.get();
        if (env == null) return null;
        return "executor_" + env.blockManager().blockManagerId().host() + "_" + env.executorId();
    }

    /** As the command line does in its own JVM: the shards run in parallel themselves (see NativeThreads). */
    private static void startBackend() {
        if (started) return;
        synchronized (ExecutorShards.class) {
            if (!started) NativeThreads.singleThreaded();
            started = true;
        }
    }

    /** Forgets the shards of {@code run} held in this JVM. */
    static void forget(String run) {
        RUNS.keySet().removeIf(k -> k.run().equals(run));
    }

    /** Forgets every shard held in this JVM, as if its executor had been lost. */
    static void clear() {
        RUNS.clear();
    }

    /** Shards held in this JVM. */
    static int held() {
        return RUNS.size();
    }
}
