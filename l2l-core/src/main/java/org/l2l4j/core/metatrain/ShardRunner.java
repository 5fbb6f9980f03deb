package org.l2l4j.core.metatrain;

import java.util.List;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.problem.ProblemFamily;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the shards of a meta-training batch run: this process's worker pool ({@link #local}) or a cluster.
 * {@link MetaTrainer} calls {@link #run} once per truncation, in order: truncation 0 of an epoch starts the
 * epoch's problems from theta_0, truncation k continues them where truncation k - 1 left them. An epoch may
 * end early (a non-finite meta-gradient); the next call is then truncation 0 of the next epoch.
 */
public interface ShardRunner extends AutoCloseable {

    /** The shards this runner runs. */
    ShardPlan plan();

    /**
     * Runs truncation {@code truncation} of every shard of epoch {@code epoch} with weights {@code phi}
     * (1 x P, the run's data type; not to be modified) and returns the shards' results in shard order.
     */
    List<ShardResult> run(int epoch, int truncation, INDArray phi);

    @Override default void close() {}

    /** The shards as tasks of this process's worker pool. */
    static ShardRunner local(ProblemFamily family, MetaTrainingConfig config, ShardPlan plan) {
        return new LocalShards(family, config, plan);
    }
}
