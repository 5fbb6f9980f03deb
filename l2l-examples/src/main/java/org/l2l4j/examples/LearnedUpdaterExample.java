package org.l2l4j.examples;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.l2l4j.dl4j.LearnedUpdater;
import org.l2l4j.zoo.OptimizerZoo;
import static org.l2l4j.zoo.OptimizerZoo.zoo;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A learned optimizer as a drop-in DL4J updater: trains a MultiLayerNetwork and a ComputationGraph with
 * {@code .updater(new LearnedUpdater(...))}, saves both with ModelSerializer (updater state included),
 * restores them, continues training, and checks that the result is bit-identical to a run that never
 * stopped.
 *
 * <pre>
 * LearnedUpdaterExample                  new LearnedUpdater(zoo("quadratic")), step multiplier 0.1
 * LearnedUpdaterExample my-optimizer.l2l a file written by {@code l2l meta-train} (embedded in the models)
 * LearnedUpdaterExample zoo:ID           a zoo optimizer (referenced by id and SHA-256 in the models)
 * </pre>
 *
 * The data is synthetic regression, y = sin(x . a) + 0.5 (x . b)^2 / d, so the example needs no download.
 */
public final class LearnedUpdaterExample {
    static final int FEATURES = 8, BATCH = 32, FIRST = 60, THEN = 40;
    /**
     * The quadratic optimizer proposes steps on the scale of a quadratic's parameters (output scale 1); a
     * network's weights want smaller ones. Files and zoo entries named on the command line are used as
     * meta-trained (multiplier 1).
     */
    static final double STEP_MULTIPLIER = 0.1;

    private LearnedUpdaterExample() {}

    public static void main(String[] args) throws Exception {
        LearnedUpdater learned = learnedUpdater(args.length > 0 ? args[0] : null);
        System.out.println("optimizer: " + learned + " (" + learned.optimizer() + ")");
        Path dir = Files.createTempDirectory("l2l-example");

        // 1. MultiLayerNetwork, the learned optimizer for every parameter
        MultiLayerConfiguration mlnConf = mlnConf(learned);
        System.out.println("MultiLayerNetwork configuration JSON: " + mlnConf.toJson().length() + " characters ("
                + (learned.zooId().isPresent() ? "zoo reference" : "optimizer embedded in every layer") + ")");
        run("MultiLayerNetwork", () -> init(new MultiLayerNetwork(mlnConf.clone())), dir.resolve("mln.zip").toFile(), true);
        System.out.printf("MultiLayerNetwork with Adam(1e-2) instead, for comparison: test loss %.4f after %d steps%n",
                trained(init(new MultiLayerNetwork(mlnConf(new Adam(1e-2))))), FIRST + THEN);

        // 2. ComputationGraph: the learned optimizer on the hidden layers, Adam on the output layer
        ComputationGraphConfiguration graphConf = graphConf(learned);
        run("ComputationGraph", () -> init(new ComputationGraph(graphConf.clone())), dir.resolve("graph.zip").toFile(), false);
        System.out.printf("ComputationGraph with Adam(1e-2) everywhere, for comparison: test loss %.4f after %d steps%n",
                trained(init(new ComputationGraph(graphConf(new Adam(1e-2))))), FIRST + THEN);
    }

    static MultiLayerConfiguration mlnConf(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(32).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(32).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
    }

    static ComputationGraphConfiguration graphConf(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(2).dataType(DataType.FLOAT)
                .updater(updater)
                .graphBuilder()
                .addInputs("x")
                .addLayer("wide", new DenseLayer.Builder().nIn(FEATURES).nOut(24).activation(Activation.TANH).build(), "x")
                .addLayer("narrow", new DenseLayer.Builder().nIn(FEATURES).nOut(8).activation(Activation.TANH).build(), "x")
                .addVertex("both", new MergeVertex(), "wide", "narrow")
                .addLayer("y", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(32).nOut(1)
                        .activation(Activation.IDENTITY).updater(new Adam(1e-2)).build(), "both")
                .setOutputs("y")
                .build();
    }

    private static MultiLayerNetwork init(MultiLayerNetwork net) {
        net.init();
        return net;
    }

    private static ComputationGraph init(ComputationGraph net) {
        net.init();
        return net;
    }

    private static double trained(Model net) {
        fit(net, 0, FIRST + THEN);
        return testLoss(net);
    }

    private static LearnedUpdater learnedUpdater(String arg) throws Exception {
        if (arg != null && arg.startsWith("zoo:")) return new LearnedUpdater(OptimizerZoo.zoo(arg.substring(4)));
        if (arg != null) return new LearnedUpdater(Path.of(arg));
        return new LearnedUpdater(zoo("quadratic")).withLearningRate(STEP_MULTIPLIER);
    }

    interface NetworkFactory { Model create(); }

    /** Trains FIRST steps, saves, restores, trains THEN more; compares with FIRST + THEN uninterrupted steps. */
    private static void run(String name, NetworkFactory factory, File file, boolean mln) throws Exception {
        Model uninterrupted = factory.create();
        System.out.printf("%s: %d parameters, test loss %.4f before training%n", name, uninterrupted.numParams(),
                testLoss(uninterrupted));
        fit(uninterrupted, 0, FIRST + THEN);

        Model first = factory.create();
        fit(first, 0, FIRST);
        System.out.printf("%s: test loss %.4f after %d steps; saving to %s%n", name, testLoss(first), FIRST, file);
        ModelSerializer.writeModel(first, file, true);
        Model restored = mln ? ModelSerializer.restoreMultiLayerNetwork(file, true)
                : ModelSerializer.restoreComputationGraph(file, true);
        fit(restored, FIRST, FIRST + THEN);
        boolean identical = Arrays.equals(uninterrupted.params().toFloatVector(), restored.params().toFloatVector());
        System.out.printf("%s: test loss %.4f after %d more steps from the restored model; identical to the "
                + "uninterrupted run: %s%n", name, testLoss(restored), THEN, identical);
        if (!identical) throw new IllegalStateException(name + ": restored training diverged from the uninterrupted run");
    }

    private static void fit(Model net, int from, int to) {
        for (int t = from; t < to; t++) {
            DataSet batch = batch(t);
            if (net instanceof MultiLayerNetwork m) m.fit(batch);
            else ((ComputationGraph) net).fit(batch);
        }
    }

    private static double testLoss(Model net) {
        DataSet test = batch(1_000_000);
        return net instanceof MultiLayerNetwork m ? m.score(test) : ((ComputationGraph) net).score(test);
    }

    /** Minibatch {@code index} of the synthetic task (the same in every run). */
    static DataSet batch(int index) {
        var rng = new SplittableRandom(index);
        double[] x = new double[BATCH * FEATURES], y = new double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            double a = 0, b = 0;
            for (int j = 0; j < FEATURES; j++) {
                double v = rng.nextGaussian();
                x[i * FEATURES + j] = v;
                a += v * (j % 2 == 0 ? 0.5 : -0.25);
                b += v * (j < FEATURES / 2 ? 0.3 : 0.1);
            }
            y[i] = Math.sin(a) + 0.5 * b * b / FEATURES;
        }
        return new DataSet(Nd4j.create(x, new long[]{BATCH, FEATURES}, DataType.FLOAT),
                Nd4j.create(y, new long[]{BATCH, 1}, DataType.FLOAT));
    }
}
