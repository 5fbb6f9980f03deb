package org.l2l4j.examples.spark;

import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.l2l4j.core.metatrain.ShardPlan;

/** One truncation of one shard, as Spark ships it to an executor: everything it needs to rebuild the shard. */
record TruncationTask(String run, FamilyRecipe recipe, String configJson, int shards, int perShard, int epoch, int truncation,
                      List<Broadcast<double[]>> phis) implements Function<Integer, TruncationResult> {

    @Override public TruncationResult call(Integer shard) {
        return ExecutorShards.run(run, recipe, configJson, new ShardPlan(shards, perShard), epoch, truncation, phis, shard);
    }
}
