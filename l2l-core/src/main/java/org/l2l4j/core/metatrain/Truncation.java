package org.l2l4j.core.metatrain;

import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.HostMemory;
import org.l2l4j.core.host.Workers;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.LstmParameters;
import org.l2l4j.core.optimizer.LstmUnroll;
import org.l2l4j.core.problem.ProblemBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One run of a problem batch cut into truncations (DESIGN section 2). Theta, the optimizer state and
 * the last gradient carry over from one truncation to the next; gradients of phi do not.
 *
 * <p>With second derivatives dropped, dL/dg_t = sum_{s >= t} w_s grad f(theta_s): a reverse cumulative
 * sum of gradients the unroll computed anyway, injected at each step's output, then BPTT through the
 * optimizer network alone.
 */
final class Truncation {
    private final LstmArchitecture arch;
    private final MetaObjective objective;
    private final int capacity;
    private int horizon;
    private final INDArray theta, planes, step, losses;
    private final Block stepBlock;
    private final INDArray[] gradients;   // gradients[t] = grad f(theta_t), t = 0..capacity
    private final INDArray[] dLdStep;     // t = 1..capacity
    private final Block[] dLdStepBlocks;
    private final LstmUnroll unroll;
    private final int instances;
    private final long dimension;
    private ProblemBatch batch;
    private int evaluations;
    long networkNanos, problemNanos;

    /** @param horizon steps of a whole run (the step weights of {@link MetaObjective} depend on it) */
    Truncation(LstmArchitecture arch, int instances, long dimension, int capacity, int horizon, MetaObjective objective,
               DataType type) {
        this(arch, instances, dimension, capacity, horizon, objective, type, Workers.shared());
    }

    /** As above, the unroll's chunks on {@code pool}. */
    Truncation(LstmArchitecture arch, int instances, long dimension, int capacity, int horizon, MetaObjective objective,
               DataType type, Workers pool) {
        this.arch = arch;
        this.horizon = horizon;
        this.objective = objective;
        this.capacity = capacity;
        this.instances = instances;
        this.dimension = dimension;
        long n = instances * dimension;
        theta = column(n, type);
        step = column(n, type);
        stepBlock = Block.of(step);
        planes = HostMemory.planes(n, arch.statePlanes(), type);
        losses = column(instances, type);
        gradients = new INDArray[capacity + 1];
        dLdStep = new INDArray[capacity + 1];
        dLdStepBlocks = new Block[capacity + 1];
        for (int t = 0; t <= capacity; t++) {
            gradients[t] = column(n, type);
            if (t == 0) continue;
            dLdStep[t] = column(n, type);
            dLdStepBlocks[t] = Block.of(dLdStep[t]);
        }
        unroll = new LstmUnroll(arch, n, dimension, capacity, type, pool);   // one parameter set per instance
    }

    private static INDArray column(long n, DataType type) {
        return Nd4j.zeros(type, n, 1).dup('f');
    }

    /** Whether a batch has the shape this truncation's buffers were made for. */
    boolean fits(ProblemBatch batch) {
        return batch.instances() == instances && batch.dimension() == dimension;
    }

    /** {@link #reset(ProblemBatch)} for a run of {@code horizon} steps (the step weights of the objective depend on it). */
    double reset(ProblemBatch batch, int horizon) {
        if (horizon < 1) throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        this.horizon = horizon;
        return reset(batch);
    }

    /** Starts the batch from theta_0 and zero optimizer state. Returns the mean initial loss. */
    double reset(ProblemBatch batch) {
        if (batch.instances() != instances || batch.dimension() != dimension)
            throw new IllegalArgumentException("batch of " + batch.instances() + " x " + batch.dimension()
                    + " does not fit a truncation sized " + instances + " x " + dimension);
        this.batch = batch;
        theta.assign(batch.initialParameters());
        planes.assign(0);
        evaluations = 0;
        batch.evaluate(evaluations++, theta, losses, gradients[0]);
        return losses.meanNumber().doubleValue();
    }

    /**
     * Runs {@code steps} optimizee steps with phi = {@code p}; when {@code grad} is not null, adds
     * dL/dphi to it. Returns the meta-loss (1/B) sum_b sum_{t=1..steps} h(f_b(theta_t)).
     */
    double run(LstmParameters p, LstmParameters grad, int steps) {
        if (steps < 1 || steps > capacity) throw new IllegalArgumentException("steps must be in 1.." + capacity);
        unroll.begin(planes);
        double metaLoss = 0;
        for (int t = 1; t <= steps; t++) {
            long t0 = System.nanoTime();
            unroll.forward(p, gradients[t - 1], stepBlock);
            long t1 = System.nanoTime();
            theta.addi(step);
            batch.evaluate(evaluations++, theta, losses, gradients[t]);
            problemNanos += System.nanoTime() - t1;
            networkNanos += t1 - t0;
            double[] l = losses.toDoubleVector();
            double[] w = new double[l.length];
            int step = evaluations - 1;   // theta_step, step 1..horizon
            for (int b = 0; b < l.length; b++) {
                metaLoss += objective.value(l[b], step, horizon) / instances;
                w[b] = objective.weight(l[b], step, horizon) / instances;
            }
            if (grad != null) {
                dLdStep[t].assign(gradients[t]);
                if (objective == MetaObjective.SUM) dLdStep[t].muli(w[0]);
                else dLdStep[t].reshape('c', instances, dimension)
                        .muliColumnVector(Nd4j.create(w, new long[]{instances, 1}, dLdStep[t].dataType()));
            }
        }
        unroll.end(planes);
        if (grad != null) {
            long t0 = System.nanoTime();
            for (int t = steps - 1; t >= 1; t--) dLdStep[t].addi(dLdStep[t + 1]);
            unroll.backward(p, grad, dLdStepBlocks);
            networkNanos += System.nanoTime() - t0;
        }
        gradients[0].assign(gradients[steps]);
        return metaLoss;
    }

    /** Mean loss over instances at the current theta. */
    double currentMeanLoss() {
        return losses.meanNumber().doubleValue();
    }
}
