package org.l2l4j.examples.tuning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.core.problem.ProblemFamily;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The paper's baseline protocol run by Arbiter: a grid search over one baseline's learning rate, each
 * candidate scored by {@link MeanFinalLoss} on the family's tuning instances, {@code threads} candidates
 * at a time. Diverged candidates are recorded as such; they are not errors. The same search runs on any
 * other data and score (real DL4J training runs in the suite): the score gets the candidate's
 * {@link BaselineSetting} and returns NaN for a diverged run.
 */
public final class BaselineSearch {
    private final DataProvider data;
    private final ScoreFunction score;
    private final int threads;

    /**
     * @param instances tuning instances each candidate runs on
     * @param steps     the horizon whose final loss is the score
     * @param threads   candidates evaluated at once (one per core)
     */
    public BaselineSearch(ProblemFamily family, int instances, int steps, long seed, DataType type, int threads) {
        if (instances < 1 || steps < 1 || threads < 1)
            throw new IllegalArgumentException("instances, steps and threads must be >= 1");
        this.data = new TuningProblems(family, instances, steps, seed, type);
        this.score = new MeanFinalLoss();
        this.threads = threads;
    }

    /**
     * @param score scores a {@link BaselineSetting} on {@code data}, lower is better, NaN when it diverged
     */
    public BaselineSearch(DataProvider data, ScoreFunction score, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        if (!score.minimize()) throw new IllegalArgumentException("a baseline search minimizes its score");
        this.data = data;
        this.score = score;
        this.threads = threads;
    }

    /** One learning rate tried: its score (mean final loss; null if the runs diverged) and "ok" or "diverged". */
    public record Candidate(double learningRate, Double score, String status) {}

    /** A finished search. {@code best} is null when every candidate diverged. */
    public record Result(Baseline baseline, BaselineSetting best, double bestScore, List<Candidate> candidates) {}

    /** @param done called with the number of candidates finished so far, from Arbiter's threads */
    public Result run(Baseline baseline, double[] grid, IntConsumer done) {
        Map<Integer, RolloutTasks.Outcome> outcomes = new ConcurrentHashMap<>();
        var generator = new GridSearchCandidateGenerator(BaselineSpaces.of(baseline, grid), grid.length,
                GridSearchCandidateGenerator.Mode.Sequential, null);
        // beta7 trap: a grid search only returns once MaxCandidatesCondition reaches the grid size
        var config = new OptimizationConfiguration.Builder()
                .candidateGenerator(generator)
                .dataProvider(data)
                .scoreFunction(score)
                .terminationConditions(new MaxCandidatesCondition(grid.length), new MaxTimeCondition(30, TimeUnit.DAYS))
                .build();
        var runner = new LocalOptimizationRunner(threads, config, new RolloutTasks(o -> {
            outcomes.put(o.index(), o);
            done.accept(outcomes.size());
        }));
        runner.execute();
        if (outcomes.size() != grid.length)
            throw new IllegalStateException("Arbiter finished the " + baseline.id() + " search with " + outcomes.size()
                    + " of " + grid.length + " candidates scored (" + runner.numCandidatesFailed() + " failed)");
        List<RolloutTasks.Outcome> sorted = new ArrayList<>(outcomes.values());
        sorted.sort(Comparator.comparingDouble(o -> o.setting().learningRate()));
        List<Candidate> candidates = new ArrayList<>();
        RolloutTasks.Outcome best = null;
        for (RolloutTasks.Outcome o : sorted) {
            boolean ok = !Double.isNaN(o.score());
            candidates.add(new Candidate(o.setting().learningRate(), ok ? o.score() : null, ok ? "ok" : "diverged"));
            if (ok && (best == null || o.score() < best.score())) best = o;
        }
        return new Result(baseline, best == null ? null : best.setting(), best == null ? Double.NaN : best.score(), candidates);
    }
}
