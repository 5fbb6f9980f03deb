package org.l2l4j.dl4j;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks and synthetic regression data for the tests. */
final class Nets {
    static final int IN = 4, OUT = 2, BATCH = 16;

    private Nets() {}

    /** Updaters per role; null leaves DL4J's choice (the global one). */
    record Updaters(IUpdater global, IUpdater bias, IUpdater hidden, IUpdater output) {
        static Updaters global(IUpdater u) { return new Updaters(u, null, null, null); }
    }

    static NeuralNetConfiguration.Builder base(Updaters u, DataType type, WorkspaceMode ws) {
        var b = new NeuralNetConfiguration.Builder().seed(42).dataType(type).updater(u.global())
                .trainingWorkspaceMode(ws).inferenceWorkspaceMode(ws);
        if (u.bias() != null) b.biasUpdater(u.bias());
        return b;
    }

    /** 4 -> 12 (tanh) -> 8 (tanh) -> 2 (identity, MSE). */
    static MultiLayerNetwork mln(Updaters u, DataType type, WorkspaceMode ws) {
        MultiLayerConfiguration conf = mlnConf(u, type, ws);
        var net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static MultiLayerConfiguration mlnConf(Updaters u, DataType type, WorkspaceMode ws) {
        var hidden = new DenseLayer.Builder().nIn(12).nOut(8).activation(Activation.TANH);
        if (u.hidden() != null) hidden.updater(u.hidden());
        var out = new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(OUT).activation(Activation.IDENTITY);
        if (u.output() != null) out.updater(u.output());
        return base(u, type, ws).list()
                .layer(new DenseLayer.Builder().nIn(IN).nOut(12).activation(Activation.TANH).build())
                .layer(hidden.build())
                .layer(out.build())
                .build();
    }

    /** in -> a (12) -> b (8); in -> c (6); merge(b, c) -> out (2). */
    static ComputationGraph graph(Updaters u, DataType type, WorkspaceMode ws) {
        var net = new ComputationGraph(graphConf(u, type, ws));
        net.init();
        return net;
    }

    static ComputationGraphConfiguration graphConf(Updaters u, DataType type, WorkspaceMode ws) {
        var b = new DenseLayer.Builder().nIn(12).nOut(8).activation(Activation.TANH);
        if (u.hidden() != null) b.updater(u.hidden());
        var out = new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(14).nOut(OUT).activation(Activation.IDENTITY);
        if (u.output() != null) out.updater(u.output());
        return base(u, type, ws).graphBuilder()
                .addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nIn(IN).nOut(12).activation(Activation.TANH).build(), "in")
                .addLayer("b", b.build(), "a")
                .addLayer("c", new DenseLayer.Builder().nIn(IN).nOut(6).activation(Activation.TANH).build(), "in")
                .addVertex("m", new MergeVertex(), "b", "c")
                .addLayer("out", out.build(), "m")
                .setOutputs("out")
                .build();
    }

    /** Minibatch {@code index} of a fixed regression task: y = (sin x0 + x1 x2, x3 - x0 / 2). */
    static DataSet batch(int index, DataType type) {
        var rng = new SplittableRandom(1000 + index);
        double[] x = new double[BATCH * IN], y = new double[BATCH * OUT];
        for (int i = 0; i < BATCH; i++) {
            for (int j = 0; j < IN; j++) x[i * IN + j] = rng.nextGaussian();
            y[i * OUT] = Math.sin(x[i * IN]) + x[i * IN + 1] * x[i * IN + 2];
            y[i * OUT + 1] = x[i * IN + 3] - 0.5 * x[i * IN];
        }
        return new DataSet(Nd4j.create(x, new long[]{BATCH, IN}, type), Nd4j.create(y, new long[]{BATCH, OUT}, type));
    }
}
