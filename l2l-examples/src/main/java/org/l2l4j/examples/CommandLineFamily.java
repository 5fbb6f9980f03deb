package org.l2l4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Split;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.core.problem.RandomScaling;
import org.l2l4j.examples.art.NeuralArt;
import org.l2l4j.examples.conv.Cifar10;
import org.l2l4j.examples.conv.ConvNet;
import org.l2l4j.examples.general.GeneralTasks;
import org.l2l4j.examples.mnist.MnistDigits;
import org.l2l4j.examples.mnist.MnistMlp;
import org.l2l4j.examples.spark.FamilyRecipe;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The problem family the command line's options chose, as values: built here for the driver and again on each
 * Spark executor. {@code dataDir} (MNIST files instead of the bundled digits) must then be readable there too.
 * {@code art} is the neural-art set-up (null for the other problems); it runs in one process only. {@code conv} is the
 * convolutional network's layers (null for the other problems), on CIFAR-10 in {@code dataDir} or on the bundled digits;
 * {@code shared}: one optimizer for all its parameters instead of one per layer type; {@code testOnTrainingImages}:
 * test instances train on the meta-training images.
 */
record CommandLineFamily(Problem problem, int hidden, int layers, Activation activation, String dataDir, NeuralArt art,
                         Double randomScaling, ConvNet conv, boolean shared, boolean testOnTrainingImages) implements FamilyRecipe {

    CommandLineFamily(Problem problem, int hidden, int layers, Activation activation, String dataDir, NeuralArt art,
                      Double randomScaling) {
        this(problem, hidden, layers, activation, dataDir, art, randomScaling, null, false, false);
    }

    /** Digits read in this JVM, by directory ("" for the bundled ones): the driver's family and validation share them. */
    private static final Map<String, MnistDigits> DIGITS = new ConcurrentHashMap<>();

    CommandLineFamily withRandomScaling(Double range) {
        return new CommandLineFamily(problem, hidden, layers, activation, dataDir, art, range, conv, shared, testOnTrainingImages);
    }

    CommandLineFamily withShared(boolean shared) {
        return new CommandLineFamily(problem, hidden, layers, activation, dataDir, art, randomScaling, conv, shared, testOnTrainingImages);
    }

    /** conv: test instances are fresh networks trained on the meta-training images (the paper's Figure 7, left panel). */
    CommandLineFamily withTestOnTrainingImages() {
        if (problem != Problem.CONV)
            throw new IllegalArgumentException("test networks on the meta-training images: conv only (the paper's Figure 7, left "
                    + "panel), not " + problem.id());
        return new CommandLineFamily(problem, hidden, layers, activation, dataDir, art, randomScaling, conv, shared, true);
    }

    @Override public ProblemFamily build() {
        return build(note -> {
            System.err.println(note);
            System.err.flush();
        });
    }

    /** The family; {@code notes} gets what the art set-up says about its feature network. */
    ProblemFamily build(Consumer<String> notes) {
        ProblemFamily family = switch (problem) {
            case QUADRATIC -> QuadraticFamily.paper();
            case MNIST -> new MnistMlp(hidden, layers, activation).family(digits(dataDir));
            case ART -> art.family(notes);
            case GENERAL -> GeneralTasks.metaTraining(digits(dataDir));
            case CONV -> convFamily();
        };
        return randomScaling == null ? family : new RandomScaling(family, randomScaling);
    }

    private ProblemFamily convFamily() {
        Split<DataSet> data;
        Map<String, Object> source;
        if (dataDir == null) {
            MnistDigits digits = digits(null).downsampled(conv.digitsFactor());
            data = digits.dataSplit();
            source = digits.source();
        } else {
            data = cifar(dataDir).split();
            source = cifar(dataDir).source();
        }
        if (testOnTrainingImages) {
            // fresh test networks (test seeds) whose minibatches come from the meta-training images: Figure 7, left
            data = data.withTest(data.metaTraining());
            source = new LinkedHashMap<>(source);
            source.put("testImages", "the meta-training images");
        }
        return conv.family(data, source, shared);
    }

    /** CIFAR-10 read in this JVM, by directory. */
    private static final Map<String, Cifar10> CIFAR = new ConcurrentHashMap<>();

    /** The CIFAR-10 files in {@code dataDir}; read once per JVM. */
    static Cifar10 cifar(String dataDir) {
        return CIFAR.computeIfAbsent(dataDir, dir -> {
            try {
                return Cifar10.fromDirectory(Path.of(dir));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read CIFAR-10 from " + dir + ": " + e.getMessage(), e);
            }
        });
    }

    /** The digits in {@code dataDir}, or the bundled ones when null; read once per JVM. */
    static MnistDigits digits(String dataDir) {
        return DIGITS.computeIfAbsent(Objects.requireNonNullElse(dataDir, ""), CommandLineFamily::read);
    }

    private static MnistDigits read(String dataDir) {
        if (dataDir.isEmpty()) return MnistDigits.bundled();
        try {
            return MnistDigits.fromDirectory(Path.of(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MNIST from " + dataDir + ": " + e.getMessage(), e);
        }
    }
}
