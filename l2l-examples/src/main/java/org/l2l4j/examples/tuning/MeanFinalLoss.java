package org.l2l4j.examples.tuning;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.l2l4j.core.problem.LossCurve;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.Rollout;

/**
 * The paper's score of a baseline setting (DESIGN section 5): run it from fresh state on every tuning
 * instance for the horizon and average the final losses. Lower is better; NaN means it diverged.
 */
final class MeanFinalLoss implements ScoreFunction {

    @Override public double score(Object model, DataProvider data, Map<String, Object> dataParameters) {
        var setting = (BaselineSetting) model;
        var problems = (TuningProblems) data;
        ProblemBatch batch = problems.trainData(dataParameters);
        LossCurve curve = Rollout.run(batch, setting.rule(batch.instances() * batch.dimension(), problems.type()), problems.steps());
        double score = curve.finalMean();
        return Double.isFinite(score) ? score : Double.NaN;
    }

    @Override public double score(Object model, Class<? extends DataSource> dataSource, Properties dataSourceProperties) {
        throw new UnsupportedOperationException("baseline searches score on TuningProblems, a DataProvider");
    }

    @Override public boolean minimize() { return true; }

    @Override public List<Class<?>> getSupportedModelTypes() { return List.of(BaselineSetting.class); }

    @Override public List<Class<?>> getSupportedDataTypes() { return List.of(ProblemBatch.class); }
}
