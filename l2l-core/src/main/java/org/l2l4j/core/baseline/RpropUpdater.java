package org.l2l4j.core.baseline;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The state and rule of {@link Rprop}; state arrays are views of the view array, never copies. */
final class RpropUpdater implements GradientUpdater<Rprop> {
    static final String PREVIOUS_GRADIENT = "previousGradient", STEP_SIZE = "stepSize";

    private final Rprop config;
    private INDArray previousGradient, stepSize;

    RpropUpdater(Rprop config) { this.config = config; }

    @Override public Rprop getConfig() { return config; }

    @Override public void setState(Map<String, INDArray> state, boolean initialize) {
        if (!state.containsKey(PREVIOUS_GRADIENT) || !state.containsKey(STEP_SIZE) || state.size() != 2)
            throw new IllegalStateException("Rprop state needs exactly " + PREVIOUS_GRADIENT + " and " + STEP_SIZE
                    + ", got " + state.keySet());
        previousGradient = state.get(PREVIOUS_GRADIENT);
        stepSize = state.get(STEP_SIZE);
        if (initialize) initialize();
    }

    @Override public Map<String, INDArray> getState() {
        Map<String, INDArray> m = new HashMap<>();
        m.put(PREVIOUS_GRADIENT, previousGradient);
        m.put(STEP_SIZE, stepSize);
        return m;
    }

    @Override public void setStateViewArray(INDArray view, long[] gradientShape, char order, boolean initialize) {
        if (view.length() % 2 != 0) throw new IllegalArgumentException("Rprop state has two planes; view length " + view.length());
        long n = view.length() / 2;
        INDArray flat = view.reshape(view.length());
        previousGradient = flat.get(NDArrayIndex.interval(0, n)).reshape(order, gradientShape);
        stepSize = flat.get(NDArrayIndex.interval(n, 2 * n)).reshape(order, gradientShape);
        if (initialize) initialize();
    }

    private void initialize() {
        previousGradient.assign(0);
        stepSize.assign(config.getLearningRate());
    }

    @Override public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (previousGradient == null) throw new IllegalStateException("Rprop updater has no state; call setStateViewArray first");
        INDArray agreement = Transforms.sign(gradient.mul(previousGradient), false);   // +1, 0 or -1
        INDArray factor = agreement.dup();
        factor.replaceWhere(factor.dup().assign(config.getEtaPlus()), Conditions.greaterThan(0));
        factor.replaceWhere(factor.dup().assign(config.getEtaMinus()), Conditions.lessThan(0));
        factor.replaceWhere(factor.dup().assign(1.0), Conditions.equals(0));
        stepSize.muli(factor);
        Transforms.min(Transforms.max(stepSize, config.getStepMin(), false), config.getStepMax(), false);
        // after a sign change the step is skipped and the gradient forgotten (iRprop-)
        gradient.muli(agreement.gte(0).castTo(gradient.dataType()));
        previousGradient.assign(gradient);
        Transforms.sign(gradient, false).muli(stepSize);
    }
}
