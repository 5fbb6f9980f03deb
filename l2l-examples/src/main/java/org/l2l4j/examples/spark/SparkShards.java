package org.l2l4j.examples.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.core.metatrain.ShardPlan;
import org.l2l4j.core.metatrain.ShardResult;
import org.l2l4j.core.metatrain.ShardRunner;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The shards of meta-training as Spark tasks: one job per truncation, one task per shard. The driver (the
 * {@link org.l2l4j.core.metatrain.MetaTrainer} that calls this) broadcasts phi; each task advances its shard's
 * problems by one truncation on an executor, which keeps the shard's state for the next one ({@link
 * ExecutorShards}), and returns the shard's meta-gradient; the trainer sums them in shard order, clips and makes
 * the Adam step, validates and checkpoints, as it does in one process. The same seed and {@link ShardPlan} give
 * the same optimizer, bit for bit, as {@link ShardRunner#local} with that plan: the shards compute the same
 * numbers wherever they run and are summed in the same order.
 *
 * <p>Each task also carries the broadcasts of the epoch's earlier weights, so that a task whose executor lacks the
 * shard's state (lost, or a retry elsewhere) replays the epoch up to its truncation and returns the same result.
 * A shard's next task prefers the executor that ran its last one, where its state is; an epoch's first
 * truncations, which start afresh, prefer none ({@link #preferred}).
 */
public final class SparkShards implements ShardRunner {
    private static final ClassTag<Integer> INTEGER = ClassTag$.MODULE$.apply(Integer.class);

    private final JavaSparkContext spark;
    private final FamilyRecipe recipe;
    private final MetaTrainingConfig config;
    private final String configJson;
    private final ShardPlan plan;
    private final String run = UUID.randomUUID().toString();
    private final List<Broadcast<double[]>> phis = new ArrayList<>();
    private final String[] locations;
    private int epoch = -1;
    private long tasks, replayed, taskNanos, jobNanos, jobs, computeNanos;

    /** The shards of {@code plan} as tasks of {@code spark}, their problems built on the executors from {@code recipe}. */
    public SparkShards(JavaSparkContext spark, FamilyRecipe recipe, MetaTrainingConfig config, ShardPlan plan) {
        plan.requireCuts(config);
        this.spark = spark;
        this.recipe = recipe;
        this.config = config;
        this.plan = plan;
        this.locations = new String[plan.shards()];
        configJson = json(config);
    }

    /** The configuration as the tasks carry it: JSON, as in the provenance of a trained optimizer. */
    static String json(MetaTrainingConfig config) {
        try {
            return TrainedOptimizerFile.JSON.writeValueAsString(config);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot write the meta-training configuration as JSON: " + e.getMessage(), e);
        }
    }

    @Override public ShardPlan plan() { return plan; }

    @Override public List<ShardResult> run(int epoch, int truncation, INDArray phi) {
        if (truncation == 0) startEpoch(epoch);
        else if (epoch != this.epoch || truncation != phis.size())
            throw new IllegalStateException("truncation " + truncation + " of epoch " + epoch + " after truncation "
                    + (phis.size() - 1) + " of epoch " + this.epoch);
        long t0 = System.nanoTime();
        phis.add(spark.broadcast(phi.toDoubleVector()));   // exact: floats widen to doubles without loss
        String[] preferred = preferred(truncation, locations);
        List<Tuple2<Integer, Seq<String>>> shards = new ArrayList<>();
        for (int s = 0; s < plan.shards(); s++)
            shards.add(new Tuple2<>(s, CollectionConverters.asScala(
                    preferred[s] == null ? List.<String>of() : List.of(preferred[s])).toList()));
        RDD<Integer> rdd = spark.sc().makeRDD(CollectionConverters.asScala(shards).toList(), INTEGER);
        spark.setJobDescription("meta-training epoch " + epoch + ", truncation " + truncation);
        List<TruncationResult> collected = new JavaRDD<>(rdd, INTEGER)
                .map(new TruncationTask(run, recipe, configJson, plan.shards(), plan.perShard(), epoch, truncation,
                        List.copyOf(phis)))
                .collect();
        jobNanos += System.nanoTime() - t0;
        jobs++;

        long longest = 0, sum = 0;
        for (TruncationResult r : collected) {
            if (r.location() != null) locations[r.shard()] = r.location();
            tasks++;
            replayed += r.replayed();
            sum += r.nanos();
            longest = Math.max(longest, r.nanos());
        }
        taskNanos += sum;
        // the least time the tasks could have taken on the context's task slots
        computeNanos += Math.max(longest, sum / Math.max(1, spark.sc().defaultParallelism()));
        return results(collected, plan.shards(), config.dataType());
    }

    /**
     * The tasks' results as the trainer takes them, in shard order. The gradients become one S x P array, made
     * and cast in one go, and each shard's result is a row of it: the driver's cost per shard is then a view,
     * not two native arrays (which cost more than the sum itself with hundreds of shards).
     */
    static List<ShardResult> results(List<TruncationResult> collected, int shards, DataType type) {
        TruncationResult[] byShard = new TruncationResult[shards];
        for (TruncationResult r : collected) {
            if (r.shard() < 0 || r.shard() >= shards) throw new IllegalStateException("a task returned shard " + r.shard()
                    + " of " + shards);
            if (byShard[r.shard()] != null) throw new IllegalStateException("shard " + r.shard() + " returned twice");
            byShard[r.shard()] = r;
        }
        int p = -1;
        for (int s = 0; s < shards; s++) {
            if (byShard[s] == null) throw new IllegalStateException("shard " + s + " returned no result");
            if (p < 0) p = byShard[s].gradient().length;
            else if (byShard[s].gradient().length != p) throw new IllegalStateException("shard " + s + " returned "
                    + byShard[s].gradient().length + " gradient values, shard 0 " + p);
        }
        double[] all = new double[shards * p];
        for (int s = 0; s < shards; s++) System.arraycopy(byShard[s].gradient(), 0, all, s * p, p);
        INDArray gradients = Nd4j.create(all, new long[]{shards, p}, DataType.DOUBLE).castTo(type);
        List<ShardResult> results = new ArrayList<>(shards);
        for (int s = 0; s < shards; s++) {
            TruncationResult r = byShard[s];
            results.add(new ShardResult(gradients.getRow(s, true), r.metaLoss(), r.meanLoss(), r.networkNanos(), r.problemNanos()));
        }
        return results;
    }

    /**
     * The executor each shard's task of truncation {@code truncation} should run on (null: any). Truncation k > 0
     * prefers the executor that ran the shard's truncation k - 1, where its state is; Spark honours that while the
     * executor is busy for less than spark.locality.wait. An epoch's first truncation starts its shards afresh, so
     * it prefers none: Spark then deals the tasks over the free task slots, which rebalances the shards each epoch
     * (an executor that registered first and took most of the first tasks, a replacement for a lost one, an
     * executor added later all get their share) instead of carrying one epoch's placement into the next.
     */
    static String[] preferred(int truncation, String[] lastRan) {
        return truncation == 0 ? new String[lastRan.length] : lastRan.clone();
    }

    private void startEpoch(int epoch) {
        releaseWeights();
        this.epoch = epoch;
    }

    private void releaseWeights() {
        for (Broadcast<double[]> b : phis) b.destroy();
        phis.clear();
    }

    /** Counts and times so far. */
    public Stats stats() {
        return new Stats(tasks, replayed, jobs, taskNanos / 1e9, jobNanos / 1e9, computeNanos / 1e9);
    }

    /**
     * @param tasks          tasks that returned a result (one per shard and truncation)
     * @param replayed       truncations that tasks replayed to rebuild lost or moved shard state
     * @param jobs           jobs (one per truncation)
     * @param taskSeconds    time inside the tasks, summed over tasks
     * @param jobSeconds     time of the jobs as the driver saw them, broadcast and collection included
     * @param computeSeconds the least time the jobs' tasks could have taken on the task slots (per job: the longest
     *                       task, or the tasks' sum over the slots if larger); {@code jobSeconds - computeSeconds} is
     *                       Spark's overhead
     */
    public record Stats(long tasks, long replayed, long jobs, double taskSeconds, double jobSeconds, double computeSeconds) {

        /** Spark's time per job beyond its tasks' work, in seconds. */
        public double overheadPerJob() { return jobs == 0 ? 0 : (jobSeconds - computeSeconds) / jobs; }
    }

    /** Releases the broadcasts and, in this JVM (local mode), the shards' state. */
    @Override public void close() {
        releaseWeights();
        ExecutorShards.forget(run);
    }
}
