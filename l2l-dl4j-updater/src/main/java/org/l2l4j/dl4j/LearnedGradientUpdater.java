package org.l2l4j.dl4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.host.HostMemory;
import org.l2l4j.core.optimizer.StepKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The state and rule of a {@link LearnedUpdater} for one DL4J updater block of n parameters. The
 * optimizer's K state planes are a view of DL4J's state array (n x K, column-major: plane k is the k-th
 * run of n values), never a copy, because ModelSerializer restores state by assigning into that array.
 */
final class LearnedGradientUpdater implements GradientUpdater<LearnedUpdater> {
    /** Key of the one state array in {@link #getState()}: the planes, n x K, column-major. */
    static final String PLANES = "planes";

    private final LearnedUpdater config;
    private final TrainedOptimizer optimizer;
    private final String name;
    private INDArray planes;
    private TrainedOptimizer.Deployment deployment;
    private StepGuard guard;
    private final DivergenceWarnings divergence;

    LearnedGradientUpdater(LearnedUpdater config, TrainedOptimizer optimizer, String name) {
        this.config = config;
        this.optimizer = optimizer;
        this.name = name;
        this.divergence = new DivergenceWarnings(name);
    }

    @Override public LearnedUpdater getConfig() { return config; }

    /** @param gradientShape only its element count is used, which must be n; null takes n from the view */
    @Override public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        long k = optimizer.statePlanes();
        if (viewArray == null || viewArray.isEmpty() || viewArray.length() % k != 0)
            throw new IllegalArgumentException("LearnedUpdater " + name + " keeps " + k + " state planes per parameter ("
                    + optimizer.architecture() + "), so its state array must hold a multiple of " + k + " values; got "
                    + (viewArray == null ? "none" : viewArray.length() + " " + Arrays.toString(viewArray.shape()))
                    + ". Was this state saved with an optimizer of another architecture?");
        long n = viewArray.length() / k;
        if (gradientShape != null && product(gradientShape) != n)
            throw new IllegalArgumentException("LearnedUpdater " + name + ": a state array of " + viewArray.length()
                    + " values holds " + k + " planes of " + n + " parameters, but the gradient has "
                    + product(gradientShape) + " values");
        bind(planesOf(viewArray, n, k), initialize);
    }

    @Override public void setState(Map<String, INDArray> state, boolean initialize) {
        if (state == null || state.size() != 1 || !state.containsKey(PLANES))
            throw new IllegalArgumentException("LearnedUpdater state is one array '" + PLANES + "' (n x K), got "
                    + (state == null ? "none" : state.keySet()));
        INDArray array = state.get(PLANES);
        long k = optimizer.statePlanes();
        if (array.length() % k != 0)
            throw new IllegalArgumentException("LearnedUpdater " + name + " keeps " + k + " state planes per parameter; "
                    + "state array " + Arrays.toString(array.shape()) + " does not hold a multiple of " + k);
        bind(planesOf(array, array.length() / k, k), initialize);
    }

    @Override public Map<String, INDArray> getState() {
        Map<String, INDArray> state = new HashMap<>();
        state.put(PLANES, planes);
        return state;
    }

    /** The array as n x K column-major planes sharing its memory; anything else is refused, never copied. */
    private INDArray planesOf(INDArray array, long n, long k) {
        DataType type = array.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE)
            throw new IllegalArgumentException("LearnedUpdater computes in FLOAT or DOUBLE; this network's updater state is "
                    + type + ". Build the network with .dataType(DataType.FLOAT) or DOUBLE.");
        if (array.rank() == 2 && array.ordering() == 'f' && array.size(0) == n && array.size(1) == k
                && array.stride(0) == 1 && array.stride(1) == n)
            return array;
        INDArray p = array.reshape('f', n, k);
        if (!HostMemory.sameStart(p, array) || array.elementWiseStride() != 1 || p.stride(0) != 1 || p.stride(1) != n)
            throw new IllegalArgumentException("LearnedUpdater " + name + " needs its state as one contiguous array; got "
                    + array.shapeInfoToString() + ", whose reshaping would be a copy that DL4J's restore could not reach");
        return p;
    }

    private void bind(INDArray p, boolean initialize) {
        // the deployment's scratch buffers must outlive any workspace this is called in
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (initialize) p.assign(0);
            deployment = optimizer.deploy(p, p.size(0), config.kernel());
            guard = new StepGuard(p, initialize, deployment.kernel() == StepKernel.HOST);
        }
        planes = p;
    }

    @Override public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (deployment == null) throw new IllegalStateException("LearnedUpdater " + name + " has no state; call setStateViewArray first");
        long n = planes.size(0);
        if (gradient.length() != n)
            throw new IllegalArgumentException("LearnedUpdater " + name + " holds state for " + n + " parameters but got a gradient of "
                    + gradient.length());
        if (gradient.dataType() != planes.dataType())
            throw new IllegalArgumentException("LearnedUpdater " + name + " state is " + planes.dataType() + " but the gradient is "
                    + gradient.dataType());
        // the kernel reads and writes n x 1 columns; a DL4J gradient block is contiguous, so this is a view
        INDArray column = gradient.reshape(gradient.ordering(), n, 1);
        boolean inPlace = HostMemory.sameStart(column, gradient) && gradient.elementWiseStride() == 1;
        if (!inPlace) column = gradient.dup(gradient.ordering()).reshape(gradient.ordering(), n, 1);
        // before the state is touched: a NaN would stay in that coordinate's LSTM state for good
        guard.refuseNonFinite(gradient, column, deployment.firstNonFinite(column), name, iteration);
        divergence.beforeStep(column);
        // DL4J subtracts the update; the optimizer proposes a step to add: the one sign change, in the step's last loop
        deployment.step(column, column, -config.getLearningRate(iteration, epoch));
        divergence.afterStep(column, iteration);
        if (!inPlace) gradient.assign(column.reshape(gradient.ordering(), gradient.shape()));
        guard.remember(iteration);
    }

    /** The kernel computing this block's steps. */
    StepKernel kernel() {
        return deployment.kernel();
    }

    private static long product(long[] shape) {
        long p = 1;
        for (long s : shape) p *= s;
        return p;
    }
}
