package org.l2l4j.dl4j;

import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The two kinds of DL4J network a {@link NetworkFamily} can hold, built afresh for each instance seed. */
sealed interface NetworkSpec {

    /** A network initialized with the given seed, computing in {@code type}. */
    Built build(long seed, DataType type);

    String describe();

    record MultiLayer(MultiLayerConfiguration conf) implements NetworkSpec {
        @Override public Built build(long seed, DataType type) {
            MultiLayerConfiguration c = conf.clone();
            c.setDataType(type);
            for (var layer : c.getConfs()) layer.setSeed(seed);
            var net = new MultiLayerNetwork(c);
            net.init();
            return new Built(net, batch -> {
                net.setInput(batch.getFeatures().castTo(type));
                net.setLabels(batch.getLabels().castTo(type));
                net.computeGradientAndScore();
            });
        }

        @Override public String describe() { return conf.toJson(); }
    }

    record Graph(ComputationGraphConfiguration conf) implements NetworkSpec {
        public Graph {
            if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1)
                throw new IllegalArgumentException("a network family needs a graph with one input and one output, got "
                        + conf.getNetworkInputs() + " -> " + conf.getNetworkOutputs());
        }

        @Override public Built build(long seed, DataType type) {
            ComputationGraphConfiguration c = conf.clone();
            c.setDataType(type);
            c.getDefaultConfiguration().setSeed(seed);
            for (var vertex : c.getVertices().values())
                if (vertex instanceof LayerVertex lv) lv.getLayerConf().setSeed(seed);
            var net = new ComputationGraph(c);
            net.init();
            return new Built(net, batch -> {
                net.setInputs(batch.getFeatures().castTo(type));
                net.setLabels(batch.getLabels().castTo(type));
                net.computeGradientAndScore();
            });
        }

        @Override public String describe() { return conf.toJson(); }
    }

    /** One initialized network and how it computes its gradient on a minibatch. */
    final class Built {
        private final Model model;
        private final Consumer<DataSet> computeGradient;

        Built(Model model, Consumer<DataSet> computeGradient) {
            this.model = model;
            this.computeGradient = computeGradient;
        }

        long numParams() { return model.numParams(); }

        INDArray params() { return model.params(); }

        /**
         * Sets the parameters to theta (d x 1), computes the minibatch loss and writes the gradient DL4J's
         * updater would see into {@code gradient} (d x 1): DL4J's backward pass sums over the minibatch and
         * its updater divides by the minibatch size before the updater runs (DESIGN section 3).
         */
        double lossAndGradient(INDArray theta, DataSet batch, INDArray gradient) {
            model.setParams(theta.reshape('f', 1, theta.length()));
            computeGradient.accept(batch);
            INDArray g = model.gradient().gradient();
            gradient.assign(g.reshape('f', g.length(), 1)).divi(batch.numExamples());
            return model.score();
        }
    }
}
