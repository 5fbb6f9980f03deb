package org.l2l4j.core.baseline;

import java.util.ArrayList;
import java.util.List;
import org.l2l4j.core.LossCurve;
import org.l2l4j.core.ProblemBatch;
import org.l2l4j.core.ProblemFamily;
import org.l2l4j.core.Rollout;
import org.l2l4j.core.Seeds;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Chooses a baseline's learning rate as the paper does: each rate of a grid is run on the same tuning
 * instances (seeds disjoint from test instances) and scored by the mean final loss; a run that
 * diverges (NaN or infinite loss) is recorded as failed.
 */
public final class BaselineTuner {
    private final ProblemFamily family;
    private final int instances, steps;
    private final long seed;
    private final DataType type;

    public BaselineTuner(ProblemFamily family, int instances, int steps, long seed, DataType type) {
        this.family = family;
        this.instances = instances;
        this.steps = steps;
        this.seed = seed;
        this.type = type;
    }

    public record Candidate(double learningRate, double score, String status) {}

    public record Tuning(Baseline baseline, List<Candidate> candidates, double bestLearningRate, double bestScore) {}

    public Tuning tune(Baseline baseline, double[] grid) {
        ProblemBatch batch = family.sample(seed, Seeds.Purpose.TUNING, 0, instances, type);
        long n = batch.instances() * batch.dimension();
        List<Candidate> candidates = new ArrayList<>();
        double bestLr = Double.NaN, best = Double.POSITIVE_INFINITY;
        for (double lr : grid) {
            LossCurve curve = Rollout.run(batch, new BaselineRule(baseline, lr, n, type), steps);
            double score = curve.finalMean();
            boolean ok = Double.isFinite(score);
            candidates.add(new Candidate(lr, ok ? score : Double.NaN, ok ? "ok" : "diverged"));
            if (ok && score < best) {
                best = score;
                bestLr = lr;
            }
        }
        return new Tuning(baseline, candidates, bestLr, best);
    }
}
