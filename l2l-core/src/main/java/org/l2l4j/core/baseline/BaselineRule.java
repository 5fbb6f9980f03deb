package org.l2l4j.core.baseline;

import org.l2l4j.core.StepRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * A hand-designed optimizer as a {@link StepRule} on n coordinates: ND4J's updater turns the gradient
 * into the update DL4J would subtract, and the step is its negation.
 */
public final class BaselineRule implements StepRule {
    private final Baseline baseline;
    private final double learningRate;
    private final GradientUpdater<?> updater;
    private final INDArray work;

    public BaselineRule(Baseline baseline, double learningRate, long n, DataType type) {
        this.baseline = baseline;
        this.learningRate = learningRate;
        var config = baseline.updater(learningRate);
        long stateSize = config.stateSize(n);
        INDArray state = stateSize == 0 ? null : Nd4j.zeros(type, 1, stateSize);
        this.updater = config.instantiate(state, true);
        this.work = Nd4j.zeros(type, 1, n);
    }

    @Override public void propose(INDArray gradient, int iteration, INDArray step) {
        work.assign(gradient.reshape('c', 1, work.length()));
        updater.applyUpdater(work, iteration, 0);
        if (baseline.scalesUpdate()) work.muli(learningRate);
        step.assign(work.reshape('c', step.shape())).negi();
    }
}
