package org.l2l4j.core;

import java.util.Arrays;
import java.util.Objects;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.OptimizerStep;
import org.l2l4j.core.optimizer.StepKernel;
import org.l2l4j.core.problem.StepRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A meta-trained optimizer: its architecture, its weights phi and its provenance. Immutable; what
 * l2l meta-train writes and the zoo serves (see {@link TrainedOptimizerFile}).
 */
public record TrainedOptimizer(LstmArchitecture architecture, double[] weights, Provenance provenance) {

    public TrainedOptimizer {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(provenance, "provenance");
        if (weights.length != architecture.parameterCount())
            throw new IllegalArgumentException("architecture " + architecture + " has " + architecture.parameterCount()
                    + " weights, got " + weights.length);
        for (int i = 0; i < weights.length; i++)
            if (!Double.isFinite(weights[i])) throw new IllegalArgumentException("weight " + i + " is " + weights[i]);
        weights = weights.clone();
    }

    @Override public double[] weights() { return weights.clone(); }

    /** Per-coordinate state planes a deployment needs (K in DL4J's state of K x n values). */
    public int statePlanes() { return architecture.statePlanes(); }

    /** The weights as an ND4J vector of the given type. */
    public INDArray weights(DataType type) {
        return Nd4j.create(weights, new long[]{weights.length}, DataType.DOUBLE).castTo(type);
    }

    /**
     * Binds the optimizer to n coordinates whose state lives in {@code planes} (n x statePlanes,
     * column-major, held as a view, never copied). Each call of {@link Deployment#step} reads a gradient
     * and writes the proposed change theta_{t+1} - theta_t. The kernel is {@link StepKernel#AUTO}'s choice.
     */
    public Deployment deploy(INDArray planes) {
        return deploy(planes, planes.size(0));
    }

    /**
     * As {@link #deploy(INDArray)}, for coordinates that are consecutive parameter sets of {@code setSize}
     * (several problem instances at once): global averaging and the memory act within each set.
     */
    public Deployment deploy(INDArray planes, long setSize) {
        return deploy(planes, setSize, StepKernel.AUTO);
    }

    /** As {@link #deploy(INDArray, long)}, computed by the given kernel (see {@link StepKernel}). */
    public Deployment deploy(INDArray planes, long setSize, StepKernel kernel) {
        return new Deployment(OptimizerStep.deploy(architecture, weights, planes, setSize, kernel));
    }

    /** A rule for n coordinates (one parameter set) starting from zero state, for rollouts. */
    public StepRule newStepRule(long n, DataType type) {
        return newStepRule(n, n, type);
    }

    /** A rule for n coordinates in parameter sets of {@code setSize} (one per problem instance), from zero state. */
    public StepRule newStepRule(long n, long setSize, DataType type) {
        INDArray planes = Nd4j.zeros(type, n, statePlanes()).dup('f');
        Deployment d = deploy(planes, setSize);
        return (gradient, iteration, step) -> d.step(gradient, step);
    }

    /**
     * An optimizer bound to a fixed set of coordinates and their state. A step runs its coordinates in chunks on
     * every core (the JVM-wide {@link org.l2l4j.core.host.Workers} pool) with OpenBLAS single-threaded for its
     * duration; its result does not depend on the number of threads.
     */
    public static final class Deployment {
        private final OptimizerStep step;

        Deployment(OptimizerStep step) { this.step = step; }

        /** @param gradient n x 1; @param out n x 1, receives g_t (may be the gradient array) */
        public void step(INDArray gradient, INDArray out) { step.apply(gradient, out); }

        /** As {@link #step(INDArray, INDArray)}, writing {@code factor * g_t} (DL4J's updater: -learningRate). */
        public void step(INDArray gradient, INDArray out, double factor) { step.apply(gradient, out, factor); }

        /** Index of the first NaN or infinite value of {@code gradient} (n x 1), or -1. */
        public long firstNonFinite(INDArray gradient) { return step.firstNonFinite(gradient); }

        /** The kernel computing the steps: {@link StepKernel#HOST} or {@link StepKernel#ND4J}. */
        public StepKernel kernel() { return step.kernel(); }
    }

    @Override public boolean equals(Object o) {
        return o instanceof TrainedOptimizer t && architecture.equals(t.architecture)
                && Arrays.equals(weights, t.weights) && provenance.equals(t.provenance);
    }

    @Override public int hashCode() {
        return Objects.hash(architecture, Arrays.hashCode(weights), provenance);
    }

    @Override public String toString() {
        return "TrainedOptimizer[" + architecture + ", " + weights.length + " weights, trained on "
                + provenance.problemFamily() + "]";
    }
}
