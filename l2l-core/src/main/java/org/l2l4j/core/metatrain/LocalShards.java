package org.l2l4j.core.metatrain;

import java.util.Arrays;
import java.util.List;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.host.Workers;
import org.l2l4j.core.problem.ProblemFamily;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The shards as tasks of the JVM-wide worker pool. The chunks of each shard's unroll run on the same pool,
 * so a core whose shard is done helps the others.
 */
final class LocalShards implements ShardRunner {
    private final ShardPlan plan;
    private final ShardRun[] runs;
    private final Workers pool = Workers.shared();

    LocalShards(ProblemFamily family, MetaTrainingConfig config, ShardPlan plan) {
        this.plan = plan;
        runs = new ShardRun[plan.shards()];
        for (int s = 0; s < runs.length; s++) runs[s] = new ShardRun(family, config, plan);
    }

    @Override public ShardPlan plan() { return plan; }

    @Override public List<ShardResult> run(int epoch, int truncation, INDArray phi) {
        ShardResult[] results = new ShardResult[runs.length];
        pool.run(runs.length, (s, lane) -> {
            ShardRun run = runs[s];
            if (truncation == 0) run.start(epoch, s);
            else if (run.epoch() != epoch || run.truncationsDone() != truncation)
                throw new IllegalStateException("shard " + s + " is at truncation " + run.truncationsDone() + " of epoch "
                        + run.epoch() + ", asked for truncation " + truncation + " of epoch " + epoch);
            results[s] = run.next(phi);
        });
        return Arrays.asList(results);
    }
}
