/**
 * Meta-training by truncated BPTT (paper section 2, equation 3 with w_t = 1, and figure 2):
 * {@link org.l2l4j.core.metatrain.MetaTrainer} samples a batch of problems each epoch, optimizes them for the horizon
 * in truncations, makes one Adam step on phi per truncation, validates, keeps the best weights and writes a
 * {@code Checkpoint} from which an interrupted run resumes. The batch is cut into shards ({@link
 * org.l2l4j.core.metatrain.ShardPlan}); a {@link org.l2l4j.core.metatrain.ShardRun} is one shard run truncation after
 * truncation, and a {@link org.l2l4j.core.metatrain.ShardRunner} runs every shard's truncation, on this process's
 * worker pool or on a cluster, and returns their {@link org.l2l4j.core.metatrain.ShardResult}s, which the trainer sums
 * in shard order. {@code Truncation} is one truncation of a batch: theta and the optimizer state carried over, the
 * optimizee gradients turned into dL/dg_t by a reverse cumulative sum (the dropped second derivatives, figure 2's
 * dashed edges), then BPTT through {@link org.l2l4j.core.optimizer.LstmUnroll}. When the family splits its parameters
 * into groups (paper section 3.3), {@link org.l2l4j.core.metatrain.MetaTrainer#trainGroups} trains one optimizer per
 * group together: one unroll per group over that group's coordinates, one Adam step on all their weights.
 *
 * <p>Public: the trainer and its listener, and the shard pieces a runner elsewhere (l2l-examples' Spark runner) is
 * built from. The truncation, the checkpoint and the learning-rate schedule are package-private.
 */
package org.l2l4j.core.metatrain;
