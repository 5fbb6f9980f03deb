package org.l2l4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.metatrain.ShardPlan;
import org.l2l4j.examples.spark.SparkBenchmark;
import org.l2l4j.examples.spark.SparkMetaTraining;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one place the command line touches Spark's classes, so that commands without {@code --spark} never load
 * them, and a jar built without Spark (for spark-submit, which provides it) says so instead of failing obscurely.
 */
final class SparkSupport {
    private SparkSupport() {}

    /** {@code l2l benchmark --spark}: runs {@link SparkBenchmark}, prints its summary and writes its JSON to {@code json}. */
    static void benchmark(CommandSpec spec, String master, int epochs, int rounds, int[] tasks, int jobs, Path json)
            throws IOException {
        JavaSparkContext spark;
        try {
            spark = SparkMetaTraining.context(master, "l2l benchmark");
        } catch (NoClassDefFoundError e) {
            throw notOnClassPath(spec, e);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        var err = spec.commandLine().getErr();
        try {
            var settings = new SparkBenchmark.Settings(epochs, rounds, tasks, jobs, SparkBenchmark.Settings.defaults().mnistShards());
            var report = SparkBenchmark.run(spark, settings, step -> {
                err.println("spark benchmark: " + step);
                err.flush();
            });
            SparkBenchmark.print(report, spec.commandLine().getOut());
            if (json != null)
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        } finally {
            spark.stop();
        }
    }

    static SparkMetaTraining start(CommandSpec spec, String master, CommandLineFamily recipe, MetaTrainingConfig config,
                                   ShardPlan plan) {
        try {
            return SparkMetaTraining.start(master, recipe, config, plan);
        } catch (NoClassDefFoundError e) {
            throw notOnClassPath(spec, e);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static ParameterException notOnClassPath(CommandSpec spec, NoClassDefFoundError e) {
        return new ParameterException(spec.commandLine(), "--spark: Apache Spark is not on the class path (this jar was "
                + "built without it: run it with spark-submit, which provides Spark, or build the jar that carries it)", e);
    }
}
