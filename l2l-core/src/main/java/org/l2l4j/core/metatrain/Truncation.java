package org.l2l4j.core.metatrain;

import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.HostMemory;
import org.l2l4j.core.host.Workers;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.LstmParameters;
import org.l2l4j.core.optimizer.LstmUnroll;
import org.l2l4j.core.problem.ParameterGroups;
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
 *
 * <p>With several parameter groups (paper section 3.3) each group has an optimizer of its own weights, unrolled
 * over that group's coordinates alone; the optimizee gradient's rows are split by group, and so is the reverse
 * cumulative sum, so each group's meta-gradient is BPTT through its own unroll.
 */
final class Truncation {
    private final MetaObjective objective;
    private final int capacity;
    private int horizon;
    private final INDArray theta, step, losses;
    private final INDArray[] gradients;   // gradients[t] = grad f(theta_t), t = 0..capacity
    private final ParameterGroups layout;
    private final GroupUnroll[] groups;
    private final int instances;
    private final long dimension;
    private ProblemBatch batch;
    private int evaluations;
    long networkNanos, problemNanos;

    /**
     * One group's optimizer over that group's coordinates of every instance: its unroll, its state and its columns
     * (with a single group, the batch's columns themselves).
     */
    private static final class GroupUnroll {
        final INDArray planes, step;
        final Block stepBlock;
        final INDArray[] gradients, dLdStep;   // t = 0..capacity; dLdStep from t = 1
        final Block[] dLdStepBlocks;
        final LstmUnroll unroll;
        final long size;

        GroupUnroll(LstmArchitecture arch, int instances, long size, int capacity, DataType type, Workers pool,
                    INDArray[] batchGradients, INDArray batchStep) {
            this.size = size;
            long n = instances * size;
            planes = HostMemory.planes(n, arch.statePlanes(), type);
            step = batchStep != null ? batchStep : column(n, type);
            stepBlock = Block.of(step);
            gradients = new INDArray[capacity + 1];
            dLdStep = new INDArray[capacity + 1];
            dLdStepBlocks = new Block[capacity + 1];
            for (int t = 0; t <= capacity; t++) {
                gradients[t] = batchGradients != null ? batchGradients[t] : column(n, type);
                if (t == 0) continue;
                dLdStep[t] = column(n, type);
                dLdStepBlocks[t] = Block.of(dLdStep[t]);
            }
            unroll = new LstmUnroll(arch, n, size, capacity, type, pool);   // one parameter set per instance
        }
    }

    /** @param horizon steps of a whole run (the step weights of {@link MetaObjective} depend on it) */
    Truncation(LstmArchitecture arch, int instances, long dimension, int capacity, int horizon, MetaObjective objective,
               DataType type) {
        this(arch, instances, dimension, capacity, horizon, objective, type, Workers.shared());
    }

    /** As above, the unroll's chunks on {@code pool}. */
    Truncation(LstmArchitecture arch, int instances, long dimension, int capacity, int horizon, MetaObjective objective,
               DataType type, Workers pool) {
        this(arch, instances, ParameterGroups.single(dimension), capacity, horizon, objective, type, pool);
    }

    /**
     * One optimizer of architecture {@code arch} per group of {@code layout}, each with its own weights; the
     * groups' unrolls run one after the other within a step, their chunks on {@code pool}.
     */
    Truncation(LstmArchitecture arch, int instances, ParameterGroups layout, int capacity, int horizon, MetaObjective objective,
               DataType type, Workers pool) {
        this.horizon = horizon;
        this.objective = objective;
        this.capacity = capacity;
        this.instances = instances;
        this.layout = layout;
        this.dimension = layout.dimension();
        long n = instances * dimension;
        theta = column(n, type);
        step = column(n, type);
        losses = column(instances, type);
        gradients = new INDArray[capacity + 1];
        for (int t = 0; t <= capacity; t++) gradients[t] = column(n, type);
        groups = new GroupUnroll[layout.count()];
        boolean single = layout.isSingle();
        for (int g = 0; g < groups.length; g++)
            groups[g] = new GroupUnroll(arch, instances, layout.group(g).size(), capacity, type, pool,
                    single ? gradients : null, single ? step : null);
    }

    private static INDArray column(long n, DataType type) {
        return Nd4j.zeros(type, n, 1).dup('f');
    }

    /** Whether a batch has the shape this truncation's buffers were made for. */
    boolean fits(ProblemBatch batch) {
        return batch.instances() == instances && batch.dimension() == dimension && batch.groups().equals(layout);
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
        if (!batch.groups().equals(layout))
            throw new IllegalArgumentException("batch's parameter groups " + batch.groups().names()
                    + " differ from the truncation's " + layout.names());
        this.batch = batch;
        theta.assign(batch.initialParameters());
        for (GroupUnroll g : groups) g.planes.assign(0);
        evaluations = 0;
        batch.evaluate(evaluations++, theta, losses, gradients[0]);
        gatherGradients(0);
        return losses.meanNumber().doubleValue();
    }

    private void gatherGradients(int t) {
        if (layout.isSingle()) return;   // the group's columns are the batch's
        for (int g = 0; g < groups.length; g++) layout.gather(g, instances, gradients[t], groups[g].gradients[t]);
    }

    /** Single-group form of {@link #run(LstmParameters[], LstmParameters[], int)}. */
    double run(LstmParameters p, LstmParameters grad, int steps) {
        return run(new LstmParameters[]{p}, grad == null ? null : new LstmParameters[]{grad}, steps);
    }

    /**
     * Runs {@code steps} optimizee steps with phi = {@code p[g]} for group g; when {@code grad} is not null, adds
     * dL/dphi of group g to {@code grad[g]}. Returns the meta-loss (1/B) sum_b sum_{t=1..steps} h(f_b(theta_t)).
     */
    double run(LstmParameters[] p, LstmParameters[] grad, int steps) {
        if (steps < 1 || steps > capacity) throw new IllegalArgumentException("steps must be in 1.." + capacity);
        if (p.length != groups.length || (grad != null && grad.length != groups.length))
            throw new IllegalArgumentException(groups.length + " parameter groups need as many weight vectors");
        for (GroupUnroll g : groups) g.unroll.begin(g.planes);
        double metaLoss = 0;
        for (int t = 1; t <= steps; t++) {
            long t0 = System.nanoTime();
            for (int g = 0; g < groups.length; g++) {
                GroupUnroll group = groups[g];
                group.unroll.forward(p[g], group.gradients[t - 1], group.stepBlock);
                if (!layout.isSingle()) layout.scatter(g, instances, group.step, step);
            }
            long t1 = System.nanoTime();
            theta.addi(step);
            batch.evaluate(evaluations++, theta, losses, gradients[t]);
            gatherGradients(t);
            problemNanos += System.nanoTime() - t1;
            networkNanos += t1 - t0;
            double[] l = losses.toDoubleVector();
            double[] w = new double[l.length];
            int step = evaluations - 1;   // theta_step, step 1..horizon
            for (int b = 0; b < l.length; b++) {
                metaLoss += objective.value(l[b], step, horizon) / instances;
                w[b] = objective.weight(l[b], step, horizon) / instances;
            }
            if (grad != null)
                for (GroupUnroll group : groups) {
                    INDArray d = group.dLdStep[t].assign(group.gradients[t]);
                    if (objective == MetaObjective.SUM) d.muli(w[0]);
                    else d.reshape('c', instances, group.size)
                            .muliColumnVector(Nd4j.create(w, new long[]{instances, 1}, d.dataType()));
                }
        }
        for (GroupUnroll g : groups) g.unroll.end(g.planes);
        if (grad != null) {
            long t0 = System.nanoTime();
            for (int g = 0; g < groups.length; g++) {
                GroupUnroll group = groups[g];
                for (int t = steps - 1; t >= 1; t--) group.dLdStep[t].addi(group.dLdStep[t + 1]);
                group.unroll.backward(p[g], grad[g], group.dLdStepBlocks);
            }
            networkNanos += System.nanoTime() - t0;
        }
        gradients[0].assign(gradients[steps]);
        if (!layout.isSingle()) for (GroupUnroll g : groups) g.gradients[0].assign(g.gradients[steps]);
        return metaLoss;
    }

    /** Mean loss over instances at the current theta. */
    double currentMeanLoss() {
        return losses.meanNumber().doubleValue();
    }
}
