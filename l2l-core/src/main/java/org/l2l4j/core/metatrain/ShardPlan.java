package org.l2l4j.core.metatrain;

import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Seeds;

/**
 * How an epoch's batch of problems is cut into shards: {@code shards} shards of {@code perShard} instances,
 * shard s of epoch e holding meta-training instances (e - 1) * batch + s * perShard and the next
 * {@code perShard - 1}. Shards are the unit of parallel work (tasks of the worker pool in one process,
 * tasks of a cluster) and their meta-gradients are summed in shard order, so a plan, not the number of
 * cores or executors, decides the result: the same seed and plan give the same optimizer to the last bit
 * wherever the shards run.
 */
public record ShardPlan(int shards, int perShard) {

    public ShardPlan {
        if (shards < 1) throw new IllegalArgumentException("shards must be >= 1, got " + shards);
        if (perShard < 1) throw new IllegalArgumentException("problems per shard must be >= 1, got " + perShard);
    }

    /**
     * The single-process default: two shards when the batch size is even, run as two tasks of the worker
     * pool. Measured with the quadratic defaults on an otherwise idle 2-core machine: 363 optimizee steps/s
     * at 175% CPU (one shard: about 190-260), before the chunks of a shard's unroll ran on the pool.
     */
    public static ShardPlan of(MetaTrainingConfig config) {
        return of(config, config.batchSize() % 2 == 0 ? 2 : 1);
    }

    /** {@code shards} shards of the config's batch, which they must divide. */
    public static ShardPlan of(MetaTrainingConfig config, int shards) {
        if (shards < 1 || shards > config.batchSize() || config.batchSize() % shards != 0)
            throw new IllegalArgumentException("the batch of " + config.batchSize() + " problems cannot be cut into "
                    + shards + " shards of equal size: choose a divisor of the batch size");
        return new ShardPlan(shards, config.batchSize() / shards);
    }

    /** Throws unless this plan's shards hold exactly {@code config}'s batch. */
    public void requireCuts(MetaTrainingConfig config) {
        if (batchSize() != config.batchSize())
            throw new IllegalArgumentException("a plan of " + shards + " shards of " + perShard + " problems does not cut a batch of "
                    + config.batchSize());
    }

    /** Problems per epoch. */
    public int batchSize() { return shards * perShard; }

    /** Shard {@code shard}'s problems of epoch {@code epoch} (1-based), drawn from the run's seed alone. */
    public ProblemBatch sample(ProblemFamily family, MetaTrainingConfig config, int epoch, int shard) {
        if (shard < 0 || shard >= shards) throw new IllegalArgumentException("shard " + shard + " of " + shards);
        long first = (long) (epoch - 1) * batchSize() + (long) shard * perShard;
        return family.sample(config.seed(), Seeds.Purpose.META_TRAINING, first, perShard, config.dataType());
    }
}
