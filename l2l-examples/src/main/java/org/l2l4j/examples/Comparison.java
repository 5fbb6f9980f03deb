package org.l2l4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.core.host.Futures;
import org.l2l4j.core.problem.LossCurve;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.StepRule;
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

    /**
     * @param split TEST, or VALIDATION to choose among trained optimizers without touching test instances
     * @param label what the results call the instances ("test", "validation", or "training" for test networks on the
     *              meta-training images)
     */
    record Settings(ProblemFamily family, int steps, int testProblems, long seed, Seeds.Purpose split, String label) {
        Settings {
            if (split != Seeds.Purpose.TEST && split != Seeds.Purpose.VALIDATION)
                throw new IllegalArgumentException("a comparison runs on test or validation instances, not " + split);
        }

        Settings(ProblemFamily family, int steps, int testProblems, long seed, Seeds.Purpose split) {
            this(family, steps, testProblems, seed, split, split.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final Settings settings;
    private final BaselineTuner tuner;
    private final Consumer<String> warnings;
    private final int threads;
    private final ExecutorService pool;

    /**
     * @param warnings receives what the user should know but does not stop the comparison
     * @param threads  test rollouts run side by side in this many parts
     */
    Comparison(Settings settings, BaselineTuner tuner, Consumer<String> warnings, int threads) {
        this.settings = settings;
        this.tuner = tuner;
        this.warnings = warnings;
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "l2l-compare");
            t.setDaemon(true);
            return t;
        });
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

        List<ProblemBatch> parts = testParts();
        List<OptimizerResult> results = new ArrayList<>();
        for (LearnedOptimizer l : learned) {
            String trainedOn = l.provenance().problemFamily();
            if (!family.name().equals(trainedOn))
                warnings.accept("warning: " + l.name() + " was meta-trained on " + trainedOn + ", not " + family.name());
            progress.phase("testing " + l.name());
            results.add(result(l.name(), Kind.learned, null, parts, part -> l.rule(part, TYPE)));
            progress.advance(1);
        }
        for (TunedBaseline t : tunings) {
            progress.phase("testing " + t.name());
            results.add(result(t.name(), Kind.baseline, t.best().learningRate(), parts, part -> t.bestSetting().rule(coordinates(part), TYPE)));
            progress.advance(1);
        }
        progress.advance(baselines.size() - tunings.size());
        pool.shutdown();
        return new ComparisonResults(family.name(), settings.steps(), settings.testProblems(), settings.seed(),
                settings.label(), results);
    }

    /**
     * The test instances in one contiguous part per core. Instance k is the same in any part (seeds depend
     * on the index only) and every optimizer here acts on each instance alone (coordinatewise, or within the
     * instance's parameter set for global averaging and memory), so the split changes no result; it only runs
     * the parts side by side.
     */
    private List<ProblemBatch> testParts() {
        int parts = Math.max(1, Math.min(threads, settings.testProblems()));
        List<ProblemBatch> batches = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int first = (int) ((long) settings.testProblems() * p / parts), last = (int) ((long) settings.testProblems() * (p + 1) / parts);
            batches.add(settings.family().sample(settings.seed(), settings.split(), first, last - first, TYPE));
        }
        return batches;
    }

    private static long coordinates(ProblemBatch part) {
        return part.instances() * part.dimension();
    }

    private OptimizerResult result(String name, Kind kind, Double learningRate, List<ProblemBatch> parts,
                                   Function<ProblemBatch, StepRule> rule) {
        List<Future<LossCurve>> futures = new ArrayList<>();
        for (ProblemBatch part : parts)
            futures.add(pool.submit(() -> Rollout.run(part, rule.apply(part), settings.steps())));
        List<double[]> runs = new ArrayList<>();
        for (Future<LossCurve> f : futures) runs.addAll(List.of(Futures.join(f, "comparison").losses()));
        LossCurve curve = new LossCurve(runs.toArray(double[][]::new));
        double[] mean = curve.mean();
        double[] finals = runs.stream().mapToDouble(r -> r[r.length - 1]).toArray();
        return new OptimizerResult(name, kind, learningRate, mean, curve.standardError(), mean[mean.length - 1], finals);
    }
}
