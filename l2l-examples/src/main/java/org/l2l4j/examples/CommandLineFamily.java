package org.l2l4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.core.problem.RandomScaling;
import org.l2l4j.examples.mnist.MnistDigits;
import org.l2l4j.examples.mnist.MnistMlp;
import org.l2l4j.examples.spark.FamilyRecipe;
import org.nd4j.linalg.activations.Activation;

/**
 * The problem family the command line's options chose, as values: built here for the driver and again on each
 * Spark executor. {@code dataDir} (MNIST files instead of the bundled digits) must then be readable there too.
 */
record CommandLineFamily(Problem problem, int hidden, int layers, Activation activation, String dataDir,
                         Double randomScaling) implements FamilyRecipe {

    CommandLineFamily withRandomScaling(Double range) {
        return new CommandLineFamily(problem, hidden, layers, activation, dataDir, range);
    }

    @Override public ProblemFamily build() {
        ProblemFamily family = switch (problem) {
            case QUADRATIC -> QuadraticFamily.paper();
            case MNIST -> new MnistMlp(hidden, layers, activation).family(digits());
        };
        return randomScaling == null ? family : new RandomScaling(family, randomScaling);
    }

    private MnistDigits digits() {
        if (dataDir == null) return MnistDigits.bundled();
        try {
            return MnistDigits.fromDirectory(Path.of(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MNIST from " + dataDir + ": " + e.getMessage(), e);
        }
    }
}
