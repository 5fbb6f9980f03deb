package org.l2l4j.dl4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.l2l4j.core.problem.ParameterGroups;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Any DL4J network as a meta-training problem family: an instance is the network of one configuration
 * with a fresh initialization (seeded by the instance's seed), trained on minibatches of one data set.
 * The loss at step t is the network's score on minibatch t and the gradient is the one DL4J hands its
 * updater: the loss's gradient averaged over the minibatch, so what is meta-trained here is exactly what
 * {@link LearnedUpdater} later runs inside {@code fit}.
 *
 * <p>An instance's coordinates are the parameters an updater steps, in DL4J's order; those DL4J updates itself with
 * a NoOp updater (batch normalization's running mean and variance) are not coordinates: each network applies their
 * update at each step as {@code fit} does. {@link #groupedBy} splits the coordinates into groups by layer
 * ({@link LayerGroups}), one optimizer each (paper section 3.3).
 *
 * <p>Minibatches: each instance walks through its own sequence of shuffles of the data (shuffle e seeded
 * by the instance seed and e), {@code minibatch} examples a step, so the minibatch at step t depends only on
 * the instance and t: every optimizer run on the instance sees the same data in the same order.
 */
public final class NetworkFamily implements ProblemFamily {
    private final String name;
    private final NetworkSpec network;
    private final Split<DataSet> data;
    private final int minibatch;
    private final LayerGroups grouping;
    private final Map<String, Object> given, settings;

    private NetworkFamily(String name, NetworkSpec network, Split<DataSet> data, int minibatch, Map<String, Object> settings,
                          LayerGroups grouping) {
        this.name = Objects.requireNonNull(name, "name");
        this.network = network;
        this.data = Objects.requireNonNull(data, "data");
        int fewest = Math.min(data.metaTraining().numExamples(), Math.min(data.validation().numExamples(), data.test().numExamples()));
        if (minibatch < 1 || minibatch > fewest)
            throw new IllegalArgumentException("minibatch must be in 1.." + fewest
                    + " (the examples of the smallest part of the data), got " + minibatch);
        this.minibatch = minibatch;
        this.grouping = java.util.Objects.requireNonNull(grouping, "grouping");
        this.given = settings;
        Map<String, Object> s = new LinkedHashMap<>(settings);
        s.put("network", network.describe());
        s.put("examples", java.util.List.of(data.metaTraining().numExamples(), data.validation().numExamples(),
                data.test().numExamples()));
        s.put("minibatch", minibatch);
        if (!(grouping instanceof LayerGroups.None)) s.put("grouping", grouping.describe());
        this.settings = java.util.Collections.unmodifiableMap(s);   // ordered: provenance and checkpoints compare it as text
    }

    /**
     * @param name     the family's name, recorded in the provenance of optimizers trained on it
     * @param conf     the network; its seed is replaced by each instance's
     * @param data     the examples for each purpose, held in memory
     * @param settings what else identifies the family (data source, split), for provenance and caching
     */
    public static NetworkFamily of(String name, MultiLayerConfiguration conf, Split<DataSet> data, int minibatch,
                                   Map<String, Object> settings) {
        return new NetworkFamily(name, new NetworkSpec.MultiLayer(conf), data, minibatch, settings, LayerGroups.none());
    }

    /** A ComputationGraph with one input and one output. */
    public static NetworkFamily of(String name, ComputationGraphConfiguration conf, Split<DataSet> data, int minibatch,
                                   Map<String, Object> settings) {
        return new NetworkFamily(name, new NetworkSpec.Graph(conf), data, minibatch, settings, LayerGroups.none());
    }

    /**
     * The same family with its parameters split into groups by {@code grouping}, one optimizer each when meta-trained
     * ({@link org.l2l4j.core.metatrain.MetaTrainer#trainGroups}); the grouping is recorded in the settings.
     */
    public NetworkFamily groupedBy(LayerGroups grouping) {
        return new NetworkFamily(name, network, data, minibatch, given, grouping);
    }

    /** How the parameters split into groups ({@link LayerGroups#none()} unless {@link #groupedBy} said otherwise). */
    public LayerGroups grouping() { return grouping; }

    /** The iterator's examples, read to its end once and held in memory (one part of a {@link Split}). */
    public static DataSet collect(DataSetIterator iterator) {
        var all = new java.util.ArrayList<DataSet>();
        iterator.reset();
        while (iterator.hasNext()) all.add(iterator.next());
        if (all.isEmpty()) throw new IllegalArgumentException("the data set iterator gave no examples");
        return DataSet.merge(all);
    }

    @Override public String name() { return name; }

    @Override public Map<String, Object> settings() { return settings; }

    /** Examples per minibatch. */
    public int minibatch() { return minibatch; }

    @Override
    public ProblemBatch sample(long runSeed, Seeds.Purpose purpose, long firstIndex, int count, DataType type) {
        var instances = new Instance[count];
        for (int k = 0; k < count; k++) {
            long seed = Seeds.instance(runSeed, purpose, firstIndex + k);
            instances[k] = new Instance(network.build(seed, type), seed);
        }
        return new Batch(instances, instances[0].net.numParams(), instances[0].net.groups(grouping), data.forPurpose(purpose), type);
    }

    private record Instance(NetworkSpec.Built net, long seed) {}

    final class Batch implements ProblemBatch {
        private final Instance[] instances;
        private final long dimension;
        private final INDArray theta0;
        private final DataSet examples;
        private final ParameterGroups groups;

        Batch(Instance[] instances, long dimension, ParameterGroups groups, DataSet examples, DataType type) {
            this.instances = instances;
            this.examples = examples;
            this.dimension = dimension;
            this.groups = groups;
            theta0 = org.nd4j.linalg.factory.Nd4j.createUninitialized(type, new long[]{instances.length * dimension, 1}, 'f');
            for (int k = 0; k < instances.length; k++) slice(theta0, k).assign(instances[k].net.initialParameters(type));
        }

        @Override public int instances() { return instances.length; }

        @Override public long dimension() { return dimension; }

        /** Also puts each network's other parameters (batch normalization's running statistics) back: a run starts afresh. */
        @Override public INDArray initialParameters() {
            for (Instance instance : instances) instance.net.reset();
            return theta0.dup('f');
        }

        @Override public ParameterGroups groups() { return groups; }

        /**
         * All of instance k's network's parameters in DL4J's layout: the optimized ones from {@code theta} (the batch's
         * column), the others (the running statistics) as the network holds them now.
         */
        INDArray allParameters(int k, INDArray theta) { return instances[k].net.allParameters(slice(theta, k)); }

        @Override public void evaluate(int step, INDArray theta, INDArray losses, INDArray gradient) {
            for (int k = 0; k < instances.length; k++) {
                Instance instance = instances[k];
                DataSet batch = Minibatches.at(examples, minibatch, instance.seed, step);
                double loss = instance.net.lossAndGradient(slice(theta, k), batch, slice(gradient, k), step);
                losses.putScalar(k, 0, loss);
            }
        }

        private INDArray slice(INDArray column, int k) {
            return column.get(NDArrayIndex.interval((long) k * dimension, (long) (k + 1) * dimension), NDArrayIndex.all());
        }
    }
}
