package org.l2l4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.l2l4j.core.LossCurve;
import org.l2l4j.core.ProblemBatch;
import org.l2l4j.core.ProblemFamily;
import org.l2l4j.core.Rollout;
import org.l2l4j.core.Seeds;
import org.l2l4j.core.StepRule;
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.examples.ComparisonResults.Kind;
import org.l2l4j.examples.ComparisonResults.OptimizerResult;
import org.l2l4j.examples.tuning.BaselineTuner;
import org.l2l4j.examples.tuning.Progress;
import org.l2l4j.examples.tuning.TunedBaseline;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The evaluation protocol (DESIGN section 5): each baseline's learning rate is chosen by the Arbiter
 * tuner on tuning instances, never on test instances; then every optimizer, learned or not, runs on the
 * same freshly sampled test instances. Learned optimizers are used as trained.
 */
final class Comparison {
    private static final DataType TYPE = BaselineTuner.TYPE;

    record Settings(ProblemFamily family, int steps, int testProblems, long seed) {}

    private final Settings settings;
    private final BaselineTuner tuner;
    private final Consumer<String> warnings;

    /** @param warnings receives what the user should know but does not stop the comparison */
    Comparison(Settings settings, BaselineTuner tuner, Consumer<String> warnings) {
        this.settings = settings;
        this.tuner = tuner;
        this.warnings = warnings;
    }

    /** Rollouts {@link #run} makes, for a progress bar: one per learning rate tried, one per optimizer tested. */
    long rollouts(int learned, int baselines) {
        return tuner.candidates(baselines) + learned + baselines;
    }

    ComparisonResults run(List<LearnedOptimizer> learned, List<Baseline> baselines, Progress progress) {
        ProblemFamily family = settings.family();
        List<TunedBaseline> tunings = new ArrayList<>();
        for (Baseline b : baselines) {
            TunedBaseline t = tuner.tune(b, progress);
            if (t.best() == null) warnings.accept("warning: " + b.id() + " diverged at every learning rate of the grid; left out");
            else tunings.add(t);
        }

        ProblemBatch test = family.sample(settings.seed(), Seeds.Purpose.TEST, 0, settings.testProblems(), TYPE);
        long n = test.instances() * test.dimension();
        List<OptimizerResult> results = new ArrayList<>();
        for (LearnedOptimizer l : learned) {
            String trainedOn = l.optimizer().provenance().problemFamily();
            if (!family.name().equals(trainedOn))
                warnings.accept("warning: " + l.name() + " was meta-trained on " + trainedOn + ", not " + family.name());
            progress.phase("testing " + l.name());
            results.add(result(l.name(), Kind.learned, null, test, l.optimizer().newStepRule(n, TYPE)));
            progress.advance(1);
        }
        for (TunedBaseline t : tunings) {
            progress.phase("testing " + t.name());
            results.add(result(t.name(), Kind.baseline, t.best().learningRate(), test, t.bestSetting().rule(n, TYPE)));
            progress.advance(1);
        }
        progress.advance(baselines.size() - tunings.size());
        return new ComparisonResults(family.name(), settings.steps(), settings.testProblems(), settings.seed(), results);
    }

    private OptimizerResult result(String name, Kind kind, Double learningRate, ProblemBatch test, StepRule rule) {
        LossCurve curve = Rollout.run(test, rule, settings.steps());
        double[] mean = curve.mean();
        return new OptimizerResult(name, kind, learningRate, mean, curve.standardError(), mean[mean.length - 1]);
    }
}
