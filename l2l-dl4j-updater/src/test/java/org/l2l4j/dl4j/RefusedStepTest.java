package org.l2l4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2l4j.core.optimizer.StepKernel;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A step refused for a non-finite gradient leaves the whole network as it was (parameters, every updater
 * block's state, the iteration count), whichever block the bad value is in and whichever block runs first,
 * and training then goes on exactly as if the bad minibatch had never been seen.
 */
class RefusedStepTest {
    private static final LearnedUpdater LEARNED = new LearnedUpdater(TestOptimizers.zooSmall());

    /** Puts a NaN into the network gradient at one flattened index, once, after backprop and before the updaters. */
    static final class NanInjector extends BaseTrainingListener {
        long index = -1;

        @Override public void onGradientCalculation(Model model) {
            if (index < 0) return;
            INDArray g = model instanceof MultiLayerNetwork m ? m.getGradientsViewArray()
                    : ((ComputationGraph) model).getGradientsViewArray();
            g.reshape(g.length()).putScalar(index, Double.NaN);
            index = -1;
        }
    }

    /** One network under test: its parameters, its updater state and its iteration count. */
    record Net(Model model) {
        void fit(DataSet d) {
            if (model instanceof MultiLayerNetwork m) m.fit(d); else ((ComputationGraph) model).fit(d);
        }

        double[] params() { return model.params().toDoubleVector(); }

        double[] state() {
            return (model instanceof MultiLayerNetwork m ? m.getUpdater().getStateViewArray()
                    : ((ComputationGraph) model).getUpdater().getStateViewArray()).toDoubleVector();
        }

        int iteration() {
            return model instanceof MultiLayerNetwork m ? m.getIterationCount() : ((ComputationGraph) model).getIterationCount();
        }

        void listen(NanInjector l) {
            if (model instanceof MultiLayerNetwork m) m.setListeners(l); else ((ComputationGraph) model).setListeners(l);
        }
    }

    static Net build(String type, boolean adamFirst) {
        return build(type, adamFirst, LEARNED);
    }

    static Net build(String type, boolean adamFirst, IUpdater learned) {
        // Adam first: Adam on the first layer, the learned optimizer on the others; learned first: the reverse
        var u = adamFirst ? new Nets.Updaters(new Adam(1e-2), null, learned, learned)
                : new Nets.Updaters(learned, null, null, new Adam(1e-2));
        return new Net(type.equals("mln") ? Nets.mln(u, DataType.FLOAT, WorkspaceMode.ENABLED)
                : Nets.graph(u, DataType.FLOAT, WorkspaceMode.ENABLED));
    }

    /** Both kernels: the host one works on addresses, the ND4J one (a GPU's) through ND4J operations. */
    @ParameterizedTest(name = "{0}, Adam first {1}, NaN in the {2} layer, {3} kernel")
    @CsvSource({"mln, true, first, host", "mln, true, last, host", "mln, false, first, host", "mln, false, last, host",
            "graph, true, first, host", "graph, true, last, host", "graph, false, first, host", "graph, false, last, host",
            "mln, true, first, nd4j", "mln, false, last, nd4j", "graph, true, last, nd4j", "graph, false, first, nd4j"})
    void aRefusedStepChangesNothingAndTrainingGoesOnAsIfItHadNotHappened(String type, boolean adamFirst, String layer,
                                                                          String kernel) {
        var learned = LEARNED.withKernel(StepKernel.of(kernel));
        Net net = build(type, adamFirst, learned), reference = build(type, adamFirst, learned);
        var injector = new NanInjector();
        net.listen(injector);
        for (int i = 0; i < 3; i++) {
            net.fit(Nets.batch(i, DataType.FLOAT));
            reference.fit(Nets.batch(i, DataType.FLOAT));
        }
        double[] params = net.params(), state = net.state();
        int iteration = net.iteration();
        // the first layer's weights start at flattened parameter 0; the output layer's bias is the last parameter
        long bad = layer.equals("first") ? 1 : params.length - 1;
        injector.index = bad;

        var e = assertThrows(NonFiniteGradientException.class, () -> net.fit(Nets.batch(3, DataType.FLOAT)));

        assertEquals(bad, e.flattenedIndex());
        assertTrue(e.networkUnchanged(), e.getMessage());
        assertTrue(e.getMessage().contains("the parameters and the updater state of every block are as before it"), e.getMessage());
        assertArrayEquals(params, net.params(), 0.0, "parameters");
        assertArrayEquals(state, net.state(), 0.0, "every updater block's state");
        assertEquals(iteration, net.iteration(), "iteration count");
        for (int i = 3; i < 6; i++) {
            net.fit(Nets.batch(i, DataType.FLOAT));
            reference.fit(Nets.batch(i, DataType.FLOAT));
        }
        assertArrayEquals(reference.params(), net.params(), 0.0, "training went on as if the bad minibatch had not been seen");
        assertArrayEquals(reference.state(), net.state(), 0.0);
    }

    /** A NaN feature through the whole pipeline, with BatchNormalization (its running statistics are parameters). */
    @Test void aNanFeatureLeavesBatchNormStatisticsAdamAndTheLearnedStateAsTheyWere() {
        var conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(Nets.IN).nOut(12).activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().nOut(12).build())
                .layer(new DenseLayer.Builder().nIn(12).nOut(8).activation(Activation.TANH).updater(LEARNED).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(Nets.OUT)
                        .activation(Activation.IDENTITY).build())
                .build();
        var mln = new MultiLayerNetwork(conf);
        mln.init();
        Net net = new Net(mln);
        for (int i = 0; i < 3; i++) net.fit(Nets.batch(i, DataType.FLOAT));
        double[] params = net.params(), state = net.state(), runningMean = mln.getLayer(1).getParam("mean").toDoubleVector();
        DataSet bad = Nets.batch(3, DataType.FLOAT);
        bad.getFeatures().putScalar(5, 2, Double.NaN);

        var e = assertThrows(NonFiniteGradientException.class, () -> net.fit(bad));

        assertTrue(e.networkUnchanged(), e.getMessage());
        assertArrayEquals(params, net.params(), 0.0);
        assertArrayEquals(state, net.state(), 0.0);
        assertArrayEquals(runningMean, mln.getLayer(1).getParam("mean").toDoubleVector(), 0.0, "BatchNorm running mean");
        net.fit(Nets.batch(4, DataType.FLOAT));
        assertTrue(Double.isFinite(mln.score()));
    }

    /** On a fresh network the copy comes from the state's initialization: step 0 is covered too. */
    @Test void theVeryFirstStepOfAFreshNetworkIsCoveredToo() {
        Net net = build("mln", true);
        double[] params = net.params(), state = net.state();
        DataSet bad = Nets.batch(0, DataType.FLOAT);
        bad.getLabels().putScalar(0, 1, Double.NaN);
        var e = assertThrows(NonFiniteGradientException.class, () -> net.fit(bad));
        assertTrue(e.networkUnchanged(), e.getMessage());
        assertArrayEquals(params, net.params(), 0.0);
        assertArrayEquals(state, net.state(), 0.0);
    }

    /**
     * The one case the guard cannot cover, said as it is: the first step of a restored network, when a block before
     * the learned one has taken it. A step later the copy exists and the network is covered again.
     */
    @Test void theFirstStepAfterARestoreSaysThatTheBlocksBeforeKeptIt() throws IOException {
        Net trained = build("mln", true);
        for (int i = 0; i < 3; i++) trained.fit(Nets.batch(i, DataType.FLOAT));
        var bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(trained.model(), bytes, true);
        Net restored = new Net(ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true));
        DataSet bad = Nets.batch(3, DataType.FLOAT);
        bad.getLabels().putScalar(0, 1, Double.NaN);
        double[] params = restored.params();

        var e = assertThrows(NonFiniteGradientException.class, () -> restored.fit(bad));

        assertFalse(e.networkUnchanged());
        assertTrue(e.getMessage().contains("had already taken the step and could not be restored"), e.getMessage());
        assertArrayEquals(params, restored.params(), 0.0, "the parameters never move");

        Net again = new Net(ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true));
        again.fit(Nets.batch(3, DataType.FLOAT));
        double[] state = again.state();
        var covered = assertThrows(NonFiniteGradientException.class, () -> again.fit(bad));
        assertTrue(covered.networkUnchanged(), covered.getMessage());
        assertArrayEquals(state, again.state(), 0.0);
    }

    /**
     * Learned weights with other bias updaters: blocks alternate. A learned block copies only the state since the
     * previous learned block, which checks the same gradient first. When a block in between makes a non-finite update
     * of a finite gradient (SGD at an infinite rate here), the later learned block restores what lies between and says
     * that the blocks up to the previous learned one completed the step.
     */
    @ParameterizedTest(name = "{0} kernel")
    @ValueSource(strings = {"host", "nd4j"})
    void alternatingBlocksCopyOnlyTheStateSinceThePreviousLearnedBlock(String kernel) {
        var learned = LEARNED.withKernel(StepKernel.of(kernel));
        var conf = new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(Nets.IN).nOut(6).activation(Activation.TANH).updater(learned).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).updater(new Adam(1e-2)).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(3).activation(Activation.TANH)
                        .updater(new Sgd(Double.POSITIVE_INFINITY)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(Nets.OUT)
                        .activation(Activation.IDENTITY).updater(learned).build())
                .build();
        var mln = new MultiLayerNetwork(conf);
        mln.init();
        Net net = new Net(mln);
        long learnedState = 8L * (Nets.IN * 6 + 6), adamState = 2L * (6 * 5 + 5);
        double[] state = net.state();

        var e = assertThrows(NonFiniteGradientException.class, () -> net.fit(Nets.batch(0, DataType.FLOAT)));

        assertFalse(e.networkUnchanged());
        assertTrue(e.getMessage().contains("updater state values [" + learnedState + ", " + (learnedState + adamState)
                + ") are as before it (restored)"), e.getMessage());
        double[] after = net.state();
        for (long i = learnedState; i < learnedState + adamState; i++)
            assertEquals(state[(int) i], after[(int) i], 0.0, "Adam's state, between the learned blocks, restored");
    }
}
