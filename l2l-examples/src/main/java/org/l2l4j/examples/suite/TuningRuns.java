package org.l2l4j.examples.suite;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongConsumer;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.l2l4j.examples.tuning.BaselineSetting;

/**
 * Arbiter's data and score for tuning a baseline on a suite task: a candidate (the updater Arbiter built
 * for one learning rate) trains the task from each tuning seed, and scores the mean of the runs' final
 * losses (mean training loss of the last iterations); NaN, which Arbiter never ranks best, when any run
 * diverged. Tuning seeds are disjoint from the reported seeds. A schedule (null: none) multiplies every
 * candidate's learning rate, as it multiplies the reported runs'.
 */
record TuningRuns(Task task, List<Long> seeds, LearningRateSchedule schedule, LongConsumer iterationsDone) implements DataProvider {

    @Override public Object trainData(Map<String, Object> dataParameters) { return task; }

    @Override public Object testData(Map<String, Object> dataParameters) { return task; }

    @Override public Class<?> getDataType() { return Task.class; }

    double score(BaselineSetting setting) {
        var updater = schedule == null ? setting.updater() : schedule.applyTo(setting.updater());
        double sum = 0;
        boolean diverged = false;
        for (long seed : seeds) {
            Run run = diverged ? null : Trainer.train(task, updater, seed, iterationsDone);
            if (run == null || run.diverged()) {
                diverged = true;
                iterationsDone.accept(run == null ? task.iterations() : task.iterations() - run.iterations());
            } else sum += run.finalLoss();
        }
        return diverged ? Double.NaN : sum / seeds.size();
    }

    /** The score of {@link TuningRuns}: lower is better. */
    static final class FinalTrainingLoss implements ScoreFunction {
        @Override public double score(Object model, DataProvider data, Map<String, Object> dataParameters) {
            return ((TuningRuns) data).score((BaselineSetting) model);
        }

        @Override public double score(Object model, Class<? extends DataSource> dataSource, Properties dataSourceProperties) {
            throw new UnsupportedOperationException("suite tuning scores on TuningRuns, a DataProvider");
        }

        @Override public boolean minimize() { return true; }

        @Override public List<Class<?>> getSupportedModelTypes() { return List.of(BaselineSetting.class); }

        @Override public List<Class<?>> getSupportedDataTypes() { return List.of(Task.class); }
    }
}
