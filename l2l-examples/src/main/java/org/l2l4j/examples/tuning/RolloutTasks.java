package org.l2l4j.examples.tuning;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;

/**
 * Arbiter's generic-task route (our problems are not DL4J networks Arbiter could build): a candidate's
 * task scores its {@link BaselineSetting} with the search's score function on the search's data, and
 * reports the outcome to {@code outcomes}, diverged runs included. Arbiter sees a diverged run as a
 * failed candidate with no score, so it never ranks one best.
 */
record RolloutTasks(Consumer<Outcome> outcomes) implements TaskCreator {

    /** What one candidate gave: its setting and its score (NaN: diverged). */
    record Outcome(int index, BaselineSetting setting, double score) {}

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, DataProvider data, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        long created = System.currentTimeMillis();
        return () -> {
            long started = System.currentTimeMillis();
            var setting = (BaselineSetting) candidate.getValue();
            double score = scoreFunction.score(setting, data, candidate.getDataParameters());
            outcomes.accept(new Outcome(candidate.getIndex(), setting, score));
            boolean diverged = Double.isNaN(score);
            var info = new CandidateInfo(candidate.getIndex(), diverged ? CandidateStatus.Failed : CandidateStatus.Complete,
                    diverged ? null : score, created, started, System.currentTimeMillis(), candidate.getFlatParameters(),
                    diverged ? "diverged: non-finite loss" : null);
            return new OptimizationResult(candidate, diverged ? null : score, candidate.getIndex(), null, info, null);
        };
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource,
                                               Properties dataSourceProperties, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        throw new UnsupportedOperationException("baseline searches run on a DataProvider (TuningProblems), not a DataSource");
    }
}
