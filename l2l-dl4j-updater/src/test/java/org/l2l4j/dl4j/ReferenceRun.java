package org.l2l4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.l2l4j.core.problem.StepRule;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Trains a network with DL4J and checks, step by step, that every parameter in a LearnedUpdater block
 * moved by exactly (bitwise) what the optimizer's own rollout rule proposes for the gradient DL4J handed
 * the updater: the training-side computation ({@code TrainedOptimizer.newStepRule}) and the DL4J
 * deployment agree. Blocks with other updaters (Adam) are only required to move.
 */
final class ReferenceRun {
    private ReferenceRun() {}

    /** Captures the raw gradient after backprop, before the updater turns it into the update. */
    static final class GradientCapture extends BaseTrainingListener {
        INDArray last;

        @Override public void onGradientCalculation(Model model) {
            last = model.gradient().gradient().dup();
        }
    }

    record LearnedBlock(long start, long end, LearnedUpdater config, StepRule rule) {}

    /** @return the number of coordinates checked per step */
    static long trainAndCheck(Model net, int steps) {
        var capture = new GradientCapture();
        boolean mln = net instanceof MultiLayerNetwork;
        if (mln) ((MultiLayerNetwork) net).addListeners(capture);
        else ((ComputationGraph) net).addListeners(capture);
        BaseMultiLayerUpdater<?> updater = mln ? (BaseMultiLayerUpdater<?>) ((MultiLayerNetwork) net).getUpdater()
                : ((ComputationGraph) net).getUpdater();
        List<LearnedBlock> learned = new ArrayList<>();
        List<long[]> others = new ArrayList<>();
        for (UpdaterBlock b : updater.getUpdaterBlocks()) {
            if (b.getGradientUpdater().getConfig() instanceof LearnedUpdater u)
                learned.add(new LearnedBlock(b.getParamOffsetStart(), b.getParamOffsetEnd(), u,
                        u.optimizer().newStepRule(b.getParamOffsetEnd() - b.getParamOffsetStart(), net.params().dataType())));
            else others.add(new long[]{b.getParamOffsetStart(), b.getParamOffsetEnd()});
        }
        assertTrue(!learned.isEmpty(), "the network has a LearnedUpdater block");
        long checked = 0;
        for (int t = 0; t < steps; t++) {
            INDArray before = net.params().dup();
            var data = Nets.batch(t, before.dataType());
            if (mln) ((MultiLayerNetwork) net).fit(data);
            else ((ComputationGraph) net).fit(data);
            INDArray after = net.params().dup();
            // DL4J divides the summed gradient by the minibatch size before the updaters run
            INDArray gradient = capture.last.divi(data.numExamples());
            checked = 0;
            for (LearnedBlock b : learned) {
                INDArray g = slice(gradient, b.start(), b.end()).dup('f').reshape('f', b.end() - b.start(), 1);
                INDArray step = g.ulike();
                b.rule().propose(g, t, step);
                assertTrue(step.neq(0).any(), "the optimizer proposes a step");
                double lr = b.config().getLearningRate(t, 0);
                INDArray expected = slice(before, b.start(), b.end()).reshape('f', b.end() - b.start(), 1)
                        .sub(step.mul(-lr));
                INDArray actual = slice(after, b.start(), b.end()).reshape('f', b.end() - b.start(), 1);
                assertArrayEquals(expected.toDoubleVector(), actual.toDoubleVector(), 0.0,
                        "step " + t + ", block [" + b.start() + ", " + b.end() + ") " + b.config());
                checked += b.end() - b.start();
            }
            for (long[] o : others)
                assertTrue(slice(before, o[0], o[1]).neq(slice(after, o[0], o[1])).any(), "block " + o[0] + " moved");
        }
        return checked;
    }

    static INDArray slice(INDArray flat, long start, long end) {
        return flat.reshape(flat.length()).get(NDArrayIndex.interval(start, end));
    }
}
