package org.l2l4j.core.baseline;

import org.l2l4j.core.problem.StepRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A hand-designed optimizer as a {@link StepRule} on n coordinates: ND4J's updater turns the gradient
 * into the update DL4J would subtract, and the step is its negation.
 */
public final class BaselineRule implements StepRule {
    private final double updateMultiplier;
    private final GradientUpdater<?> updater;
    private final INDArray state;   // null for a stateless updater (SGD); the updater holds views of it
    private final INDArray work;

    public BaselineRule(Baseline baseline, double learningRate, long n, DataType type) {
        this(baseline.updater(learningRate), baseline.updateMultiplier(learningRate), n, type);
    }

    /**
     * @param config           the updater, learning rate included where it has one
     * @param updateMultiplier multiplies its update: 1, or the learning rate of an updater without one (AdaDelta)
     */
    public BaselineRule(IUpdater config, double updateMultiplier, long n, DataType type) {
        this.updateMultiplier = updateMultiplier;
        long stateSize = config.stateSize(n);
        this.state = stateSize == 0 ? null : Nd4j.zeros(type, 1, stateSize);
        this.updater = config.instantiate(state, true);
        this.work = Nd4j.zeros(type, 1, n);
    }

    @Override public void propose(INDArray gradient, int iteration, INDArray step) {
        work.assign(gradient.reshape('c', 1, work.length()));
        updater.applyUpdater(work, iteration, 0);
        if (updateMultiplier != 1) work.muli(updateMultiplier);
        step.assign(work.reshape('c', step.shape())).negi();
    }

    /**
     * Makes this rule's state a copy of {@code source}'s, so that it proposes what {@code source} would
     * from the same gradient without advancing {@code source}: a probe of "what if this gradient came now".
     * Both must be the same updater, at the same settings, on the same number of coordinates. ND4J's
     * updaters keep their state as views of the state array (DL4J restores saved models by assigning it),
     * so copying the array copies the state.
     */
    public void copyStateFrom(BaselineRule source) {
        if (source.work.length() != work.length() || !source.updater.getConfig().equals(updater.getConfig())
                || source.updateMultiplier != updateMultiplier)
            throw new IllegalArgumentException("cannot copy the state of " + source.updater.getConfig() + " on "
                    + source.work.length() + " coordinates into " + updater.getConfig() + " on " + work.length());
        if (state != null) state.assign(source.state);
    }
}
