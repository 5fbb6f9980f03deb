package org.l2l4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.optimize.listeners.CollectScoresIterationListener;
import org.deeplearning4j.optimize.listeners.PerformanceListener;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** LearnedUpdater as DL4J sees it: updater blocks, learning-rate calls, weight decay, listeners. */
class NetworkIntegrationTest {

    static List<UpdaterBlock> blocks(MultiLayerNetwork net) {
        return ((MultiLayerUpdater) net.getUpdater()).getUpdaterBlocks();
    }

    @Test
    void equalUpdatersShareOneBlockAndOneState() {
        var a = new LearnedUpdater(TestOptimizers.zooPaper());
        // the hidden layer's updater is built separately but equal: still one block over all parameters
        var net = Nets.mln(new Nets.Updaters(a, null, new LearnedUpdater(TestOptimizers.zooPaper()), null),
                DataType.FLOAT, WorkspaceMode.ENABLED);
        assertEquals(1, blocks(net).size());
        assertEquals(80 * net.numParams(), net.getUpdater().getStateViewArray().length());

        var mixed = Nets.mln(new Nets.Updaters(a, null, new Adam(1e-3), a.withLearningRate(0.5)), DataType.FLOAT,
                WorkspaceMode.ENABLED);
        assertEquals(3, blocks(mixed).size(), "learned, Adam, learned with another multiplier");
        long adamParams = 12 * 8 + 8;
        assertEquals(80 * (mixed.numParams() - adamParams) + 2 * adamParams, mixed.getUpdater().getStateViewArray().length());
    }

    @Test
    void setLearningRateAndSchedulesScaleTheLearnedStep() {
        var net = Nets.mln(Nets.Updaters.global(new LearnedUpdater(TestOptimizers.zooPaper())), DataType.DOUBLE,
                WorkspaceMode.ENABLED);
        net.setLearningRate(0.5);
        assertEquals(0.5, net.getLearningRate(0));
        ReferenceRun.trainAndCheck(net, 2);   // checks every step against 0.5 x the learned step, exactly

        var scheduled = Nets.mln(Nets.Updaters.global(new LearnedUpdater(TestOptimizers.zooPaper())), DataType.DOUBLE,
                WorkspaceMode.ENABLED);
        scheduled.setLearningRate(new StepSchedule(ScheduleType.ITERATION, 1.0, 0.1, 2));
        ReferenceRun.trainAndCheck(scheduled, 4);   // 1, 1, 0.1, 0.1
        assertEquals(0.01, scheduled.getLearningRate(0), 1e-15, "iteration 4: two decays");
    }

    @Test
    void weightDecayIsAppliedAfterTheLearnedStepScaledByTheMultiplier() {
        double decay = 0.05, lr = 0.25;
        var u = new LearnedUpdater(TestOptimizers.zooPaper()).withLearningRate(lr);
        var conf = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.DOUBLE)
                .updater(u).weightDecay(decay).list()
                .layer(new DenseLayer.Builder().nIn(Nets.IN).nOut(5).build())
                .layer(new OutputLayer.Builder().nIn(5).nOut(Nets.OUT)
                        .activation(Activation.IDENTITY)
                        .lossFunction(LossFunctions.LossFunction.MSE).build())
                .build();
        var net = new MultiLayerNetwork(conf);
        net.init();
        // DL4J 1.0.0-M2.1 lists a global .weightDecay(c) twice in each layer (with Adam too), so it is applied twice
        long decays = ((BaseLayer) net.getLayer(0).conf().getLayer()).getRegularization().stream()
                .filter(r -> r instanceof WeightDecay).count();
        assertTrue(decays >= 1);
        var capture = new ReferenceRun.GradientCapture();
        net.addListeners(capture);
        INDArray before = net.params().dup();
        var data = Nets.batch(0, DataType.DOUBLE);
        net.fit(data);
        INDArray g = capture.last.divi(data.numExamples()).reshape('f', net.numParams(), 1);
        INDArray step = g.ulike();
        u.optimizer().newStepRule(net.numParams(), DataType.DOUBLE).propose(g, 0, step);
        INDArray moved = net.params().sub(before).reshape('f', net.numParams(), 1);
        // weights (W of both layers) decay by decay * lr * theta; biases (weightDecayBias unset) do not
        long[][] weights = {{0, Nets.IN * 5}, {Nets.IN * 5 + 5, Nets.IN * 5 + 5 + 5 * Nets.OUT}};
        for (long i = 0; i < net.numParams(); i++) {
            boolean isWeight = (i >= weights[0][0] && i < weights[0][1]) || (i >= weights[1][0] && i < weights[1][1]);
            double expected = lr * step.getDouble(i) - (isWeight ? decays * decay * lr * before.getDouble(i) : 0);
            assertEquals(expected, moved.getDouble(i), 1e-12, "parameter " + i);
        }
    }

    @Test
    void dl4jListenersReportTraining() {
        var collect = new CollectScoresIterationListener(1);
        var net = Nets.mln(Nets.Updaters.global(new LearnedUpdater(TestOptimizers.zooPaper())), DataType.FLOAT,
                WorkspaceMode.ENABLED);
        net.setListeners(new ScoreIterationListener(1), new PerformanceListener(1, true), collect);
        for (int t = 0; t < 5; t++) net.fit(Nets.batch(t, DataType.FLOAT));
        double[] scores = collect.getScoreVsIter().getEffectiveScores();
        assertEquals(5, scores.length);
        for (double s : scores) assertTrue(Double.isFinite(s) && s > 0, "score " + s);

        var graph = Nets.graph(Nets.Updaters.global(new LearnedUpdater(TestOptimizers.zooPaper())), DataType.FLOAT,
                WorkspaceMode.ENABLED);
        var graphScores = new CollectScoresIterationListener(1);
        graph.setListeners(new ScoreIterationListener(1), new PerformanceListener(1, true), graphScores);
        for (int t = 0; t < 3; t++) graph.fit(Nets.batch(t, DataType.FLOAT));
        assertEquals(3, graphScores.getScoreVsIter().getEffectiveScores().length);
    }
}
