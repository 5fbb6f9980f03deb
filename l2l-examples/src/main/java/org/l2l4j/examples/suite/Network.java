package org.l2l4j.examples.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * A user's DL4J network configuration, of either kind, and the few things the suite does with it: build a
 * fresh network with a given updater and seed, fit it on an iterator, evaluate it. The configuration given
 * is never changed: every network is built from a copy.
 */
public sealed interface Network permits Network.MultiLayer, Network.Graph {

    /**
     * A fresh, initialized network: a copy of the configuration whose every layer uses {@code updater} (for
     * weights and biases alike: the per-layer and bias updaters of the original are replaced, so the optimizer
     * under study computes every step) and whose seed is {@code seed} (the initialization and any dropout).
     */
    Model build(IUpdater updater, long seed);

    /** One {@code fit} call on the iterator, as a user makes it. */
    void fit(Model net, DataSetIterator data);

    /** The network's loss on one minibatch, without training: checks that data and configuration fit together. */
    double score(Model net, DataSet batch);

    <T extends IEvaluation> T evaluate(Model net, DataSetIterator data, T evaluation);

    /** "MultiLayerNetwork" or "ComputationGraph". */
    String kind();

    /** DL4J's JSON of the configuration as given. */
    String toJson();

    /** The output layers (the last layer of a MultiLayerNetwork, the output vertices' layers of a graph). */
    List<Layer> outputLayers();

    /**
     * A copy of this configuration with DL4J weight decay {@code coefficient} on the weights (not the biases) of
     * every layer with parameters, as {@code .weightDecay(coefficient)} on the configuration's builder sets it
     * (multiplied by the learning rate); weight decay the configuration had is replaced, other regularization
     * (L1, L2) kept.
     */
    Network withWeightDecay(double coefficient);

    /** The penalty DL4J adds to the network's score (L1, L2, weight decay); 0 without regularization. */
    double regularizationScore(Model net);

    /** The number of parameters. */
    default long parameters() {
        return build(new Sgd(0), 0).numParams();
    }

    static Network of(MultiLayerConfiguration configuration) { return new MultiLayer(configuration); }

    static Network of(ComputationGraphConfiguration configuration) { return new Graph(configuration); }

    /**
     * A configuration from DL4J's JSON ({@code conf.toJson()}) of either kind; {@code source} names it in
     * messages.
     */
    static Network fromJson(String json, String source) {
        String trimmed = json.strip();
        if (!trimmed.startsWith("{"))
            throw new IllegalArgumentException(source + " is not a DL4J configuration JSON: it does not start with '{'");
        boolean graph = trimmed.contains("\"vertices\"") && trimmed.contains("\"networkInputs\"");
        boolean multiLayer = trimmed.contains("\"confs\"");
        if (graph == multiLayer)
            throw new IllegalArgumentException(source + " is neither a MultiLayerConfiguration (with \"confs\") nor a "
                    + "ComputationGraphConfiguration (with \"vertices\" and \"networkInputs\") in DL4J's JSON");
        try {
            return graph ? of(ComputationGraphConfiguration.fromJson(json)) : of(MultiLayerConfiguration.fromJson(json));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": DL4J cannot read this " + (graph ? "ComputationGraph" : "MultiLayerNetwork")
                    + " configuration: " + e.getMessage(), e);
        }
    }

    /** Sets the updater of a layer with parameters (through wrappers); layers without parameters have none. */
    private static void setUpdater(Layer layer, IUpdater updater) {
        if (layer instanceof BaseWrapperLayer w) setUpdater(w.getUnderlying(), updater);
        else if (layer instanceof BaseLayer b) {
            b.setIUpdater(updater.clone());
            b.setBiasUpdater(null);
        }
    }

    private static void setWeightDecay(Layer layer, double coefficient) {
        if (layer instanceof BaseWrapperLayer w) setWeightDecay(w.getUnderlying(), coefficient);
        else if (layer instanceof BaseLayer b) {
            List<Regularization> r = new ArrayList<>();
            if (b.getRegularization() != null)
                for (Regularization x : b.getRegularization()) if (!(x instanceof WeightDecay)) r.add(x);
            r.add(new WeightDecay(coefficient, true));
            b.setRegularization(r);
        }
    }

    private static void checkWeightDecay(double coefficient) {
        if (!(Double.isFinite(coefficient) && coefficient >= 0))
            throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + coefficient);
    }

    private static void configure(NeuralNetConfiguration conf, IUpdater updater, long seed) {
        conf.setSeed(seed);
        if (conf.getLayer() != null) setUpdater(conf.getLayer(), updater);
    }

    record MultiLayer(MultiLayerConfiguration configuration) implements Network {
        public MultiLayer {
            Objects.requireNonNull(configuration, "configuration");
            configuration = configuration.clone();
        }

        @Override public MultiLayerNetwork build(IUpdater updater, long seed) {
            MultiLayerConfiguration conf = configuration.clone();
            for (NeuralNetConfiguration layer : conf.getConfs()) configure(layer, updater, seed);
            var net = new MultiLayerNetwork(conf);
            net.init();
            return net;
        }

        @Override public void fit(Model net, DataSetIterator data) { ((MultiLayerNetwork) net).fit(data); }

        @Override public double score(Model net, DataSet batch) { return ((MultiLayerNetwork) net).score(batch); }

        @Override public <T extends IEvaluation> T evaluate(Model net, DataSetIterator data, T evaluation) {
            return ((MultiLayerNetwork) net).doEvaluation(data, evaluation)[0];
        }

        @Override public MultiLayer withWeightDecay(double coefficient) {
            checkWeightDecay(coefficient);
            MultiLayerConfiguration conf = configuration.clone();
            for (NeuralNetConfiguration layer : conf.getConfs()) if (layer.getLayer() != null) setWeightDecay(layer.getLayer(), coefficient);
            return new MultiLayer(conf);
        }

        @Override public double regularizationScore(Model net) { return ((MultiLayerNetwork) net).calcRegularizationScore(true); }

        @Override public String kind() { return "MultiLayerNetwork"; }

        @Override public String toJson() { return configuration.toJson(); }

        @Override public List<Layer> outputLayers() {
            List<NeuralNetConfiguration> confs = configuration.getConfs();
            return List.of(confs.get(confs.size() - 1).getLayer());
        }
    }

    record Graph(ComputationGraphConfiguration configuration) implements Network {
        public Graph {
            Objects.requireNonNull(configuration, "configuration");
            configuration = configuration.clone();
        }

        @Override public ComputationGraph build(IUpdater updater, long seed) {
            ComputationGraphConfiguration conf = configuration.clone();
            if (conf.getDefaultConfiguration() != null) conf.getDefaultConfiguration().setSeed(seed);
            for (GraphVertex v : conf.getVertices().values())
                if (v instanceof LayerVertex l) configure(l.getLayerConf(), updater, seed);
            var net = new ComputationGraph(conf);
            net.init();
            return net;
        }

        @Override public void fit(Model net, DataSetIterator data) { ((ComputationGraph) net).fit(data); }

        @Override public double score(Model net, DataSet batch) { return ((ComputationGraph) net).score(batch); }

        @Override public <T extends IEvaluation> T evaluate(Model net, DataSetIterator data, T evaluation) {
            return ((ComputationGraph) net).doEvaluation(data, evaluation)[0];
        }

        @Override public Graph withWeightDecay(double coefficient) {
            checkWeightDecay(coefficient);
            ComputationGraphConfiguration conf = configuration.clone();
            for (GraphVertex v : conf.getVertices().values())
                if (v instanceof LayerVertex l && l.getLayerConf().getLayer() != null) setWeightDecay(l.getLayerConf().getLayer(), coefficient);
            return new Graph(conf);
        }

        @Override public double regularizationScore(Model net) { return ((ComputationGraph) net).calcRegularizationScore(true); }

        @Override public String kind() { return "ComputationGraph"; }

        @Override public String toJson() { return configuration.toJson(); }

        @Override public List<Layer> outputLayers() {
            List<Layer> out = new ArrayList<>();
            for (String name : configuration.getNetworkOutputs())
                if (configuration.getVertices().get(name) instanceof LayerVertex l) out.add(l.getLayerConf().getLayer());
            return out;
        }
    }
}
