package org.l2l4j.examples.spark;

import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.metatrain.ShardPlan;
import org.l2l4j.core.metatrain.ShardRunner;

/**
 * The Spark side of {@code l2l meta-train --spark}: a Spark context, stopped on {@link #close}, and the {@link
 * SparkShards} runner on it. The configuration comes from Spark's usual
 * places, spark-submit's options or {@code -Dspark.*} system properties, with the master given on the command line
 * winning; a local master binds to the loopback address and has no web UI unless configured otherwise.
 */
public final class SparkMetaTraining implements AutoCloseable {
    private final JavaSparkContext spark;
    private final SparkShards shards;

    private SparkMetaTraining(JavaSparkContext spark, SparkShards shards) {
        this.spark = spark;
        this.shards = shards;
    }

    /**
     * @param master a Spark master URL, or empty for the one spark-submit (or {@code -Dspark.master}) gives
     */
    public static SparkMetaTraining start(String master, FamilyRecipe recipe, MetaTrainingConfig config, ShardPlan plan) {
        var spark = context(master, "l2l meta-train");
        try {
            return new SparkMetaTraining(spark, new SparkShards(spark, recipe, config, plan));
        } catch (RuntimeException e) {
            spark.stop();
            throw e;
        }
    }

    /**
     * A new Spark context for {@code master} (empty: spark-submit's), configured as described above.
     *
     * @throws IllegalArgumentException when no master is given and none is configured
     */
    public static JavaSparkContext context(String master, String application) {
        SparkConf conf = new SparkConf(true).setAppName(application);
        if (master != null && !master.isBlank()) conf.setMaster(master.trim());
        if (!conf.contains("spark.master"))
            throw new IllegalArgumentException("--spark needs a master URL, e.g. --spark local[2], unless spark-submit gives one");
        if (conf.get("spark.master").toLowerCase(Locale.ROOT).startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");   // the commands draw their own progress
        // what spark-submit's JVM options set for Netty on Java 17 (the jar's manifest opens the packages)
        if (System.getProperty("io.netty.tryReflectionSetAccessible") == null)
            System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        return new JavaSparkContext(conf);
    }

    public ShardRunner runner() { return shards; }

    /** The master and what the tasks did, for the command's summary. */
    public String describe() {
        var s = shards.stats();
        return String.format(Locale.ROOT, "on Spark %s: %d tasks in %d jobs, %d truncations replayed, %.1f s in tasks, %.1f s in jobs "
                        + "(%.1f ms a job beyond its tasks)", spark.master(), s.tasks(), s.jobs(), s.replayed(), s.taskSeconds(),
                s.jobSeconds(), 1e3 * s.overheadPerJob());
    }

    @Override public void close() {
        shards.close();
        spark.stop();
    }
}
