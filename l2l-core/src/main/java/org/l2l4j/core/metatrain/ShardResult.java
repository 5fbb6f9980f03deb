package org.l2l4j.core.metatrain;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one truncation of one shard returns to the meta-optimizer.
 *
 * @param gradient     dL/dphi of the shard's meta-loss, 1 x P in the run's data type
 * @param metaLoss     the shard's meta-loss over the truncation, (1/B) sum_b sum_t h(f_b(theta_t))
 * @param meanLoss     mean loss of the shard's problems at the end of the truncation
 * @param networkNanos time in the optimizer network (forward and backward)
 * @param problemNanos time in the problems' losses and gradients
 */
public record ShardResult(INDArray gradient, double metaLoss, double meanLoss, long networkNanos, long problemNanos) {}
