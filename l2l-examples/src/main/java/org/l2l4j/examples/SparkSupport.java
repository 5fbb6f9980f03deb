package org.l2l4j.examples;

import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.metatrain.ShardPlan;
import org.l2l4j.examples.spark.SparkMetaTraining;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one place the command line touches Spark's classes, so that commands without {@code --spark} never load
 * them, and a jar built without Spark (for spark-submit, which provides it) says so instead of failing obscurely.
 */
final class SparkSupport {
    private SparkSupport() {}

    static SparkMetaTraining start(CommandSpec spec, String master, CommandLineFamily recipe, MetaTrainingConfig config,
                                   ShardPlan plan) {
        try {
            return SparkMetaTraining.start(master, recipe, config, plan);
        } catch (NoClassDefFoundError e) {
            throw new ParameterException(spec.commandLine(), "--spark: Apache Spark is not on the class path (this jar was "
                    + "built without it: run it with spark-submit, which provides Spark, or build the jar that carries it)", e);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
