package org.l2l4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2l4j.core.GroupedOptimizer;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.problem.ParameterGroups;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.Split;
import org.l2l4j.core.problem.StepRule;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A DL4J convolutional network with batch normalization as a grouped meta-training family (paper section 3.3):
 * its parameters split by layer type into a convolutional and a dense group, batch normalization's running
 * statistics left to DL4J's NoOp, and DL4J's fit with the two groups' LearnedUpdaters equal to the family's
 * rollout with the grouped optimizer, bit for bit.
 */
class GroupedNetworkFamilyTest {
    static final int SIDE = 6, EXAMPLES = 24, MINIBATCH = 8, CLASSES = 3;

    static DataSet images() {
        var rng = new SplittableRandom(13);
        double[] x = new double[EXAMPLES * SIDE * SIDE], y = new double[EXAMPLES * CLASSES];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble();
        for (int i = 0; i < EXAMPLES; i++) y[i * CLASSES + rng.nextInt(CLASSES)] = 1;
        return new DataSet(Nd4j.create(x, new long[]{EXAMPLES, SIDE * SIDE}, DataType.DOUBLE),
                Nd4j.create(y, new long[]{EXAMPLES, CLASSES}, DataType.DOUBLE));
    }

    /** conv 3x3x2 - BN - ReLU - max pool - dense 4 - BN - ReLU - softmax 3: the paper's network in miniature. */
    static MultiLayerConfiguration conf() {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new Sgd(0.1))
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1))
                .build();
    }

    static NetworkFamily family(LayerGroups groups) {
        return NetworkFamily.of("toy-conv", conf(), Split.shared(images()), MINIBATCH, Map.of("data", "uniform")).groupedBy(groups);
    }

    /** conv: W 18 + b 2, BN gamma/beta 2 + 2; dense: W 18 x 4 (3 x 3 x 2 after pooling) + b 4, BN 4 + 4, output 4 x 3 + 3. */
    static final long CONV = 18 + 2 + 4, DENSE = 72 + 4 + 8 + 15, STATISTICS = 2 * 2 + 2 * 4;

    @Test
    void parametersSplitByLayerTypeAndTheRunningStatisticsAreNoCoordinates() {
        ProblemBatch batch = family(LayerGroups.byType()).sample(1, Seeds.Purpose.TEST, 0, 2, DataType.DOUBLE);
        assertEquals(CONV + DENSE, batch.dimension(), "every parameter but the running mean and variance");
        assertEquals(CONV + DENSE + STATISTICS, init(conf()).numParams());
        ParameterGroups groups = batch.groups();
        assertEquals(List.of("conv", "dense"), groups.names());
        assertEquals(CONV, groups.group(0).size());
        assertEquals(DENSE, groups.group(1).size());
        assertEquals(List.of(new ParameterGroups.Range(0, CONV)), groups.group(0).ranges(), "one run: the statistics are not in it");

        ParameterGroups none = family(LayerGroups.none()).sample(1, Seeds.Purpose.TEST, 0, 1, DataType.DOUBLE).groups();
        assertTrue(none.isSingle());
        assertFalse(family(LayerGroups.none()).settings().containsKey("grouping"));
        assertTrue(String.valueOf(family(LayerGroups.byType()).settings().get("grouping")).startsWith("layer type"));
    }

    @Test
    void byNameGroupsAnyLayersAndEveryLayerWithParametersMustBeNamed() {
        // layers 0 (conv) and 1 (its BN) in "early", the rest in "late"; DL4J names a MultiLayerNetwork's layers by index
        var rule = LayerGroups.byName(Map.of("layer0", "early", "layer1", "early", "layer4", "late", "layer5", "late", "layer7", "late"));
        ParameterGroups groups = family(rule).sample(1, Seeds.Purpose.TEST, 0, 1, DataType.DOUBLE).groups();
        assertEquals(List.of("early", "late"), groups.names());
        assertEquals(CONV, groups.group(0).size());
        var e = assertThrows(IllegalArgumentException.class,
                () -> family(LayerGroups.byName(Map.of("layer0", "a"))).sample(1, Seeds.Purpose.TEST, 0, 1, DataType.DOUBLE));
        assertTrue(e.getMessage().contains("layer layer1 (BatchNormalization)") && e.getMessage().contains("no group"), e.getMessage());
    }

    static GroupedOptimizer pair() {
        var conv = TestOptimizers.random(TestOptimizers.SMALL, 21).weights();
        var dense = TestOptimizers.random(TestOptimizers.SMALL, 22).weights();
        var provenance = new Provenance("toy-conv", Map.of("grouping", "layer type"), MetaTrainingConfig.quadraticDefaults(), 0, 0,
                0.0, "test", "2024-01-01T00:00:00Z", 0.0);
        return new GroupedOptimizer(TestOptimizers.SMALL, List.of("conv", "dense"), List.of(conv, dense), provenance);
    }

    /** The network of {@link #conf()} as a ComputationGraph. */
    static ComputationGraphConfiguration graphConf() {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new Sgd(0.1))
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn0", new BatchNormalization.Builder().build(), "conv")
                .addLayer("relu0", new ActivationLayer(Activation.RELU), "bn0")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "relu0")
                .addLayer("dense", new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build(), "pool")
                .addLayer("bn1", new BatchNormalization.Builder().build(), "dense")
                .addLayer("relu1", new ActivationLayer(Activation.RELU), "bn1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build(), "relu1")
                .setOutputs("out").setInputTypes(InputType.convolutionalFlat(SIDE, SIDE, 1))
                .build();
    }

    /**
     * The family's rollout of an instance with the grouped optimizer (each group's optimizer on its coordinates, as
     * meta-training steps them) is what DL4J's fit computes with {@link LearnedUpdaters}: the same parameters after
     * every step, bit for bit, the running statistics (updated by DL4J itself) included; in a MultiLayerNetwork and a
     * ComputationGraph, float and double. A layer given the other group's optimizer, batch normalization's gamma
     * and beta left out of the conv group, or the running statistics stepped by a learned optimizer, breaks it.
     */
    @ParameterizedTest
    @CsvSource({"false, DOUBLE", "false, FLOAT", "true, DOUBLE", "true, FLOAT"})
    void fitWithTheGroupsLearnedUpdatersFollowsTheFamilysRollout(boolean graph, DataType type) {
        GroupedOptimizer pair = pair();
        var family = (graph ? NetworkFamily.of("toy-conv", graphConf(), Split.shared(images()), MINIBATCH, Map.of("data", "uniform"))
                : NetworkFamily.of("toy-conv", conf(), Split.shared(images()), MINIBATCH, Map.of("data", "uniform")))
                .groupedBy(LayerGroups.byType());
        long runSeed = 5;
        var batch = (ProblemBatch) family.sample(runSeed, Seeds.Purpose.TEST, 0, 1, type);
        assertEquals(List.of(CONV, DENSE), List.of(batch.groups().group(0).size(), batch.groups().group(1).size()));
        INDArray theta = batch.initialParameters();
        long n = theta.length();
        StepRule rule = pair.newStepRule(batch.groups(), 1, type);
        INDArray gradient = Nd4j.zeros(type, n, 1).dup('f'), step = gradient.dup('f');
        INDArray losses = Nd4j.zeros(type, 1, 1);

        long instanceSeed = Seeds.instance(runSeed, Seeds.Purpose.TEST, 0);
        org.deeplearning4j.nn.api.Model net;
        if (graph) {
            ComputationGraphConfiguration c = LearnedUpdaters.byLayerType(pair).applyTo(graphConf());
            c.setDataType(type);
            c.getDefaultConfiguration().setSeed(instanceSeed);
            for (var vertex : c.getVertices().values())
                if (vertex instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv) lv.getLayerConf().setSeed(instanceSeed);
            var g = new ComputationGraph(c);
            g.init();
            assertEquals(5, g.getUpdater().getUpdaterBlocks().size(), "DL4J's updater blocks, as in the MultiLayerNetwork");
            net = g;
        } else {
            MultiLayerConfiguration c = LearnedUpdaters.byLayerType(pair).applyTo(conf());
            assertInstanceOf(LearnedUpdater.class, ((BaseLayer) c.getConf(1).getLayer()).getIUpdater(), "BN takes its group's optimizer");
            assertInstanceOf(NoOp.class, ((BaseLayer) c.getConf(1).getLayer()).getUpdaterByParam("mean"), "its running mean stays NoOp");
            c.setDataType(type);
            for (var layer : c.getConfs()) layer.setSeed(instanceSeed);
            var m = new MultiLayerNetwork(c);
            m.init();
            assertEquals(5, blocks(m), "DL4J's updater blocks: conv and BN 0, its statistics (NoOp), dense and BN 1, its statistics, output");
            net = m;
        }
        INDArray initial = net.params().dup();
        var networkFamilyBatch = (NetworkFamily.Batch) batch;
        int steps = 5;
        for (int t = 0; t < steps; t++) {
            batch.evaluate(t, theta, losses, gradient);
            rule.propose(gradient, t, step);
            theta.addi(step);
            var data = Minibatches.at(images(), MINIBATCH, instanceSeed, t);
            if (graph) ((ComputationGraph) net).fit(data);
            else ((MultiLayerNetwork) net).fit(data);
            assertArrayEquals(networkFamilyBatch.allParameters(0, theta).toDoubleVector(), net.params().toDoubleVector(), 0.0,
                    "after step " + (t + 1));
        }
        // both kinds of parameter moved: the learned steps and DL4J's own update of the running statistics
        INDArray after = net.params();
        long everything = initial.length(), moved = 0;
        for (long i = 0; i < everything; i++) if (initial.getDouble(i) != after.getDouble(i)) moved++;
        assertEquals(everything, moved, "every parameter moved, the running mean and variance included");
    }

    private static int blocks(MultiLayerNetwork net) {
        return ((org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks().size();
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        var net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf, long seed) {
        for (var layer : conf.getConfs()) layer.setSeed(seed);
        return init(conf);
    }

    @Test
    void aGraphTakesItsGroupsOptimizersByLayerTypeToo() {
        ComputationGraphConfiguration g = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new Sgd(0.1))
                .graphBuilder().addInputs("in")
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(2).convolutionMode(ConvolutionMode.Same).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "c")
                .addLayer("d", new DenseLayer.Builder().nOut(4).build(), "bn")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build(), "d")
                .setOutputs("out").setInputTypes(InputType.convolutionalFlat(SIDE, SIDE, 1)).build();
        GroupedOptimizer pair = pair();
        LearnedUpdaters.byLayerType(pair).applyTo(g);
        var updaters = LearnedUpdaters.byLayerType(pair);
        for (String layer : List.of("c", "bn"))
            assertEquals(updaters.updater("conv"), layerConf(g, layer).getIUpdater(), layer);
        for (String layer : List.of("d", "out"))
            assertEquals(updaters.updater("dense"), layerConf(g, layer).getIUpdater(), layer);
        var net = new ComputationGraph(g);
        net.init();
        net.fit(Minibatches.at(images(), MINIBATCH, 1, 0));
        assertTrue(Double.isFinite(net.score()));
    }

    private static BaseLayer layerConf(ComputationGraphConfiguration g, String name) {
        return (BaseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) g.getVertices().get(name)).getLayerConf().getLayer();
    }

    @Test
    void aGroupTheOptimizerLacksIsNamed() {
        var onlyConv = new GroupedOptimizer(TestOptimizers.SMALL, List.of("conv"), List.of(TestOptimizers.random(TestOptimizers.SMALL, 1).weights()),
                pair().provenance());
        var e = assertThrows(IllegalArgumentException.class, () -> LearnedUpdaters.byLayerType(onlyConv).applyTo(conf()));
        assertTrue(e.getMessage().contains("'dense'") && e.getMessage().contains("[conv]"), e.getMessage());
    }
}
