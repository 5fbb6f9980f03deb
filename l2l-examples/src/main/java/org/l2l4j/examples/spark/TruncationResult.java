package org.l2l4j.examples.spark;

import java.io.Serializable;

/**
 * What a task sends back to the driver: one shard's {@link org.l2l4j.core.metatrain.ShardResult} with its
 * meta-gradient as exact values (floats widen to doubles without loss), and where and how it ran.
 *
 * @param replayed truncations of the epoch the task had to replay because its executor did not hold the
 *                 shard's state (first task of the shard there, a lost executor, a retried task)
 * @param location the executor, as a preferred location for the shard's next task
 * @param nanos    time inside the task, replay included
 */
record TruncationResult(int shard, double[] gradient, double metaLoss, double meanLoss, long networkNanos,
                        long problemNanos, int replayed, String location, long nanos) implements Serializable {}
