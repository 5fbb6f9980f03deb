package org.l2l4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * What DL4J applies through LearnedUpdater equals, bit for bit, what the optimizer proposes on the
 * training side (the rollout rule that meta-training differentiates), for the same gradients: in float
 * and double networks, MultiLayerNetwork and ComputationGraph, workspaces on and off, with the learned
 * optimizer global, per layer next to Adam, and as the bias updater.
 */
class TrainDeployEquivalenceTest {
    static final int STEPS = 6;

    @ParameterizedTest
    @CsvSource({"FLOAT, ENABLED", "FLOAT, NONE", "DOUBLE, ENABLED", "DOUBLE, NONE"})
    void globalUpdaterMatchesTheRolloutRule(DataType type, WorkspaceMode ws) {
        var u = new LearnedUpdater(TestOptimizers.zooPaper());
        long n = ReferenceRun.trainAndCheck(Nets.mln(Nets.Updaters.global(u), type, ws), STEPS);
        assertEquals(4 * 12 + 12 + 12 * 8 + 8 + 8 * 2 + 2, n, "every parameter is in the one learned block");
        ReferenceRun.trainAndCheck(Nets.graph(Nets.Updaters.global(u), type, ws), STEPS);
    }

    @ParameterizedTest
    @CsvSource({"FLOAT, ENABLED", "DOUBLE, NONE"})
    void perLayerOptimizersNextToAdamAndAsBiasUpdater(DataType type, WorkspaceMode ws) {
        // weights of layers 0 and 2: optimizer A; biases: optimizer B (another architecture);
        // hidden layer: Adam; output layer: A with half the step
        var a = new LearnedUpdater(TestOptimizers.zooPaper());
        var b = new LearnedUpdater(TestOptimizers.ownSmall());
        var updaters = new Nets.Updaters(a, b, new Adam(1e-2), a.withLearningRate(0.5));
        long mln = ReferenceRun.trainAndCheck(Nets.mln(updaters, type, ws), STEPS);
        // a layer's own .updater() leaves the global bias updater in place: only the hidden weights are on Adam
        assertEquals(4 * 12 + 8 * 2 + (12 + 8 + 2), mln, "weights of layers 0 and 2 and every bias learned");
        ReferenceRun.trainAndCheck(Nets.graph(updaters, type, ws), STEPS);
    }

    /** The corrected Adam, globally and per layer next to the paper's LSTM, in both network types. */
    @ParameterizedTest
    @CsvSource({"FLOAT, ENABLED", "DOUBLE, NONE"})
    void correctedAdamMatchesTheRolloutRule(DataType type, WorkspaceMode ws) {
        assumeFalse(OnNd4jKernel.active(), "the ND4J-operations kernel has no form of the corrected-Adam output yet");
        var general = new LearnedUpdater(TestOptimizers.ownGeneral());
        ReferenceRun.trainAndCheck(Nets.mln(Nets.Updaters.global(general), type, ws), STEPS);
        var updaters = new Nets.Updaters(general, null, new LearnedUpdater(TestOptimizers.ownPaper()), general.withLearningRate(0.5));
        ReferenceRun.trainAndCheck(Nets.graph(updaters, type, ws), STEPS);
    }

    /**
     * Global averaging and the memory reach over one DL4J updater block: an LSTM+GAC on the hidden layer
     * and an NTM-L-BFGS on the other weights and biases, against the rollout rule run on each block.
     */
    @ParameterizedTest
    @CsvSource({"FLOAT, ENABLED", "DOUBLE, NONE"})
    void globalAveragingAndMemoryActOverTheUpdaterBlock(DataType type, WorkspaceMode ws) {
        var updaters = new Nets.Updaters(new LearnedUpdater(TestOptimizers.ownNtm()), null,
                new LearnedUpdater(TestOptimizers.ownGac()), null);
        ReferenceRun.trainAndCheck(Nets.mln(updaters, type, ws), STEPS);
        ReferenceRun.trainAndCheck(Nets.graph(updaters, type, ws), STEPS);
    }
}
