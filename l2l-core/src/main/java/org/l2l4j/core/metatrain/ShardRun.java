package org.l2l4j.core.metatrain;

import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.host.Workers;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.LstmParameters;
import org.l2l4j.core.problem.ParameterGroups;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One shard of an epoch's batch, run truncation after truncation: theta, the optimizer state and the last
 * gradient carried from one truncation to the next (a {@link Truncation}). The unit of work of meta-training,
 * the same wherever it runs: {@link ShardRunner#local} runs one per shard on the worker pool, a cluster keeps
 * one per shard in each executor. Its problems depend only on the run's seed, the epoch and the shard
 * ({@link ShardPlan#sample}), so a process that has lost it rebuilds it exactly: {@link #start} the epoch
 * again and {@link #replay} the epoch's earlier truncations with the weights they ran with.
 */
public final class ShardRun {
    private final ProblemFamily family;
    private final MetaTrainingConfig config;
    private final ShardPlan plan;
    private Truncation truncation;
    private INDArray gradient;
    private LstmParameters[] gradientViews;
    private ParameterGroups layout;
    private int epoch, shard = -1, truncationsDone;

    public ShardRun(ProblemFamily family, MetaTrainingConfig config, ShardPlan plan) {
        plan.requireCuts(config);
        this.family = family;
        this.config = config;
        this.plan = plan;
    }

    /**
     * Optimizee steps of truncation {@code k} (0-based) of epoch {@code epoch}: the unroll, or what is left of the
     * epoch's horizon.
     */
    public static int steps(MetaTrainingConfig config, int epoch, int k) {
        int horizon = config.horizon(epoch);
        int left = horizon - k * config.unroll();
        if (k < 0 || left < 1) throw new IllegalArgumentException("an epoch of " + horizon + " steps in truncations of "
                + config.unroll() + " has no truncation " + k);
        return Math.min(config.unroll(), left);
    }

    /** Truncations of the whole epoch {@code epoch}. */
    public static int truncations(MetaTrainingConfig config, int epoch) {
        return (config.horizon(epoch) + config.unroll() - 1) / config.unroll();
    }

    /** Draws shard {@code shard}'s problems of epoch {@code epoch} and starts them from theta_0 and zero state. */
    public void start(int epoch, int shard) {
        ProblemBatch batch = plan.sample(family, config, epoch, shard);
        if (truncation != null && !truncation.fits(batch)) {
            // A mixture of families changes the batch's shape between epochs. The buffers of a truncation (its tape:
            // hundreds of MB) are native memory that ND4J frees when their arrays are collected: collect the old
            // ones before making the new, or they pile up between garbage collections.
            truncation = null;
            System.gc();
        }
        if (truncation == null) {
            var arch = config.architecture();
            layout = batch.groups();
            truncation = new Truncation(arch, batch.instances(), layout, config.unroll(), config.horizon(),
                    config.objective(), config.dataType(), Workers.shared());
            int weights = layout.count() * arch.parameterCount();
            if (gradient == null || gradient.length() != weights) {
                gradient = Nd4j.zeros(config.dataType(), 1, weights);
                gradientViews = groupViews(arch, gradient, layout.count());
            }
        }
        truncation.reset(batch, config.horizon(epoch));
        this.epoch = epoch;
        this.shard = shard;
        truncationsDone = 0;
    }

    /**
     * Each group's weights (or their gradient) as a view of its part of {@code flat} (1 x groups * P), group after
     * group: the layout of phi when a family's parameters split into groups, one optimizer each.
     */
    static LstmParameters[] groupViews(LstmArchitecture arch, INDArray flat, int groups) {
        int perGroup = arch.parameterCount();
        if (flat.length() != (long) groups * perGroup)
            throw new IllegalArgumentException(groups + " parameter group(s) of optimizers of " + perGroup + " weights need "
                    + (long) groups * perGroup + " weights, got " + flat.length());
        LstmParameters[] views = new LstmParameters[groups];
        for (int g = 0; g < groups; g++)
            views[g] = new LstmParameters(arch, groups == 1 ? flat
                    : flat.get(NDArrayIndex.point(0), NDArrayIndex.interval((long) g * perGroup, (long) (g + 1) * perGroup)));
        return views;
    }

    public int epoch() { return epoch; }

    /** The shard started last, -1 before the first {@link #start}. */
    public int shard() { return shard; }

    /** Truncations run (or replayed) since {@link #start}. */
    public int truncationsDone() { return truncationsDone; }

    /**
     * Runs the next truncation with weights {@code phi} (1 x P, or 1 x G * P for a family whose parameters split
     * into G groups: group after group) and returns its result; its gradient, of the same shape, is this run's
     * buffer, overwritten by the next call.
     */
    public ShardResult next(INDArray phi) {
        var p = checked(phi);
        long network = truncation.networkNanos, problem = truncation.problemNanos;
        gradient.assign(0);
        double metaLoss = truncation.run(p, gradientViews, steps(config, epoch, truncationsDone));
        truncationsDone++;
        return new ShardResult(gradient, metaLoss, truncation.currentMeanLoss(), truncation.networkNanos - network,
                truncation.problemNanos - problem);
    }

    /**
     * Advances the next truncation as {@link #next} would, without the meta-gradient (no backward pass): the
     * state a truncation leaves does not depend on whether its gradient was computed.
     */
    public void replay(INDArray phi) {
        truncation.run(checked(phi), null, steps(config, epoch, truncationsDone));
        truncationsDone++;
    }

    private LstmParameters[] checked(INDArray phi) {
        if (truncation == null) throw new IllegalStateException("start(epoch, shard) first");
        steps(config, epoch, truncationsDone);   // throws past the horizon
        return groupViews(config.architecture(), phi, layout.count());
    }
}
