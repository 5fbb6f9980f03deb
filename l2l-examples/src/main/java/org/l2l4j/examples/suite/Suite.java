package org.l2l4j.examples.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.l2l4j.core.Provenance;
import org.l2l4j.examples.tuning.Progress;
import org.l2l4j.examples.tuning.TunedBaseline;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Real DL4J training runs, the way a user trains: every optimizer under study and every baseline on the
 * same tasks, from the same seeds (initialization and minibatch order), recording the training loss at
 * every iteration, the wall time split into forward+backward and updater, and the held-out metric.
 * Tuned baselines get their learning rate from an Arbiter search on tuning seeds, never on the seeds
 * reported, cached as {@code l2l tune} caches its searches.
 *
 * <pre>{@code
 * var suite = new Suite(Suite.Settings.defaults(3), List.of(new Optimizer("zoo:mnist", new LearnedUpdater(zoo("mnist")))),
 *         List.of(SuiteBaseline.values()));
 * TaskResult mine = suite.compare(myConfiguration, TaskData.of(trainIterators, heldOutIterators, Map.of("data", "mine")), 1000,
 *         Path.of("out"));
 * }</pre>
 */
public final class Suite {
    /** The final loss of a run is the mean training loss of its last this many iterations. */
    public static final int FINAL_WINDOW = 20;
    public static final String JSON = "suite.json", MARKDOWN = "summary.md";

    /**
     * @param seeds        the reported seeds, each a run per optimizer and task
     * @param tuningSeeds  the seeds tuned baselines are scored on (disjoint from {@code seeds})
     * @param tuningCache  where finished searches are kept (the {@code l2l tune} cache)
     * @param threads      Arbiter candidates trained at once
     * @param schedule     multiplies every optimizer's learning rate over the iterations, tuned baselines' included
     *                     (they are tuned with it); null for none
     * @param weightDecay  DL4J weight decay on every layer's weights of every task, for every optimizer; null to keep
     *                     each configuration's own regularization
     */
    public record Settings(List<Long> seeds, List<Long> tuningSeeds, Path tuningCache, int threads,
                           LearningRateSchedule schedule, Double weightDecay) {
        public Settings {
            seeds = List.copyOf(seeds);
            tuningSeeds = List.copyOf(tuningSeeds);
            Objects.requireNonNull(tuningCache, "tuningCache");
            if (seeds.isEmpty()) throw new IllegalArgumentException("at least one seed");
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            if (weightDecay != null && !(Double.isFinite(weightDecay) && weightDecay >= 0))
                throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + weightDecay);
            for (long s : seeds)
                if (tuningSeeds.contains(s))
                    throw new IllegalArgumentException("seed " + s + " is both reported and a tuning seed: tuning must not see "
                            + "the runs it is judged on");
        }

        /** Constant learning rates, each configuration's own regularization. */
        public Settings(List<Long> seeds, List<Long> tuningSeeds, Path tuningCache, int threads) {
            this(seeds, tuningSeeds, tuningCache, threads, null, null);
        }

        /** The same, with every learning rate multiplied by {@code schedule} (null: none). */
        public Settings withSchedule(LearningRateSchedule schedule) {
            return new Settings(seeds, tuningSeeds, tuningCache, threads, schedule, weightDecay);
        }

        /** The same, with DL4J weight decay {@code coefficient} on every task's weights (null: as configured). */
        public Settings withWeightDecay(Double coefficient) {
            return new Settings(seeds, tuningSeeds, tuningCache, threads, schedule, coefficient);
        }

        /** Seeds 1..n reported, tuning seed 1001, the default cache, one candidate per core. */
        public static Settings defaults(int seeds, Path tuningCache) {
            return new Settings(LongStream.rangeClosed(1, seeds).boxed().toList(), List.of(1001L), tuningCache,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private final Settings settings;
    private final List<Optimizer> optimizers;
    private final List<SuiteBaseline> baselines;
    private final SuiteTuner tuner;
    private Progress progress = Progress.NONE;
    private Consumer<String> warnings = w -> {};

    public Suite(Settings settings, List<Optimizer> optimizers, List<SuiteBaseline> baselines) {
        this.settings = settings;
        this.optimizers = List.copyOf(optimizers);
        this.baselines = baselines.stream().distinct().toList();
        List<String> names = new ArrayList<>();
        for (Optimizer o : optimizers) names.add(o.name());
        for (SuiteBaseline b : this.baselines) names.add(b.resultName());
        if (names.stream().distinct().count() != names.size())
            throw new IllegalArgumentException("optimizer names must be unique: " + names);
        if (names.isEmpty()) throw new IllegalArgumentException("nothing to run: no optimizer and no baseline");
        this.tuner = new SuiteTuner(settings.tuningCache(), settings.tuningSeeds(), settings.threads(), settings.schedule());
    }

    /** Progress in training iterations (tuning included), and warnings (diverged runs) as they happen. */
    public Suite reporting(Progress progress, Consumer<String> warnings) {
        this.progress = Objects.requireNonNull(progress);
        this.warnings = Objects.requireNonNull(warnings);
        return this;
    }

    /** Training iterations the tasks take, tuning from an empty cache included unless cached already. */
    public long iterations(List<Task> tasks) {
        long n = 0;
        for (Task task : tasks) {
            Task t = prepared(task);
            n += (long) t.iterations() * settings.seeds().size() * (optimizers.size() + baselines.size());
            for (SuiteBaseline b : baselines) if (b.isTuned() && !tuner.cached(t, b)) n += tuner.iterations(t, b);
        }
        return n;
    }

    public SuiteResults run(List<Task> tasks) {
        List<TaskResult> results = new ArrayList<>();
        for (Task t : tasks) results.add(run(t));
        return new SuiteResults(describe(), results);
    }

    /** Only the searches of the tuned baselines on one task (from the cache when there): fills the cache. */
    public Map<SuiteBaseline, TunedBaseline> tune(Task given) {
        Task task = prepared(given);
        Map<SuiteBaseline, TunedBaseline> tuned = new LinkedHashMap<>();
        for (SuiteBaseline b : baselines) if (b.isTuned()) tuned.put(b, tuner.tune(task, b, progress).result());
        return tuned;
    }

    /** Training iterations that tuning alone takes (searches not in the cache). */
    public long tuningIterations(List<Task> tasks) {
        long n = 0;
        for (Task task : tasks) {
            Task t = prepared(task);
            for (SuiteBaseline b : baselines) if (b.isTuned() && !tuner.cached(t, b)) n += tuner.iterations(t, b);
        }
        return n;
    }

    /** Every optimizer and baseline on one task. */
    public TaskResult run(Task given) {
        Task task = prepared(given);
        List<OptimizerResult> results = new ArrayList<>();
        for (Optimizer o : optimizers)
            results.add(OptimizerResult.of(o.name(), OptimizerResult.Kind.learned, null, null, task.metric(), task.iterations(),
                    runs(task, o.name(), o.updater())));
        for (SuiteBaseline b : baselines) {
            if (!b.isTuned()) {
                results.add(OptimizerResult.of(b.resultName(), OptimizerResult.Kind.baseline, SuiteBaseline.DEFAULT_ADAM_LEARNING_RATE,
                        null, task.metric(), task.iterations(), runs(task, b.resultName(), b.defaultUpdater())));
                continue;
            }
            SuiteTuner.Tuned search = tuner.tune(task, b, progress);
            TunedBaseline tuned = search.result();
            Map<String, Object> tuning = tuning(search);
            if (tuned.best() == null) {
                warnings.accept(task.name() + ": every learning rate of " + b.id() + " diverged on the tuning seeds; not run");
                results.add(OptimizerResult.of(b.resultName(), OptimizerResult.Kind.baseline, null, tuning, task.metric(),
                        task.iterations(), List.of()));
                progress.advance((long) task.iterations() * settings.seeds().size());
                continue;
            }
            var setting = tuned.bestSetting();
            results.add(OptimizerResult.of(b.resultName(), OptimizerResult.Kind.baseline, setting.learningRate(), tuning,
                    task.metric(), task.iterations(), runs(task, b.resultName(), setting.updater())));
        }
        return new TaskResult(task.name(), task.description(), task.network().kind(), task.iterations(),
                task.network().parameters(), task.data().describe(), results);
    }

    /** The task as the settings train it: with their weight decay, if any. */
    private Task prepared(Task task) {
        if (settings.weightDecay() == null) return task;
        return new Task(task.name(), task.description() + "; weight decay " + settings.weightDecay(),
                task.network().withWeightDecay(settings.weightDecay()), task.data(), task.iterations(), task.metric());
    }

    private List<Run> runs(Task task, String name, IUpdater given) {
        IUpdater updater = settings.schedule() == null ? given : settings.schedule().applyTo(given);
        List<Run> runs = new ArrayList<>();
        for (long seed : settings.seeds()) {
            progress.phase(task.name() + ": " + name + ", seed " + seed);
            Run run = Trainer.train(task, updater, seed, progress::advance);
            if (run.diverged()) {
                progress.advance(task.iterations() - run.iterations());
                warnings.accept(task.name() + ": " + name + " seed " + seed + " diverged at iteration " + run.divergedAt()
                        + ": " + run.failure());
            }
            runs.add(run);
        }
        return runs;
    }

    private static Map<String, Object> tuning(SuiteTuner.Tuned search) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by", "Arbiter grid search; score: mean training loss of the last " + FINAL_WINDOW + " iterations on the tuning seeds");
        m.put("candidates", search.result().candidates());
        m.put("best", search.result().best());
        // null when the search came from the cache
        m.put("searchSeconds", search.seconds());
        return m;
    }

    /** How the suite was run, for suite.json. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seeds", settings.seeds());
        m.put("tuningSeeds", settings.tuningSeeds());
        m.put("seedSets", "network initialization (the configuration's seed) and minibatch order");
        m.put("finalLoss", "mean training loss of the last " + FINAL_WINDOW + " iterations, mean over seeds");
        m.put("optimizers", optimizers.stream().map(o -> Map.of("name", o.name(), "updater", o.updater().toString())).toList());
        Map<String, Object> b = new LinkedHashMap<>();
        for (SuiteBaseline s : baselines)
            b.put(s.resultName(), s.isTuned() ? "learning rate tuned over " + Arrays.toString(s.grid()) : "Adam, DL4J's defaults (1e-3)");
        m.put("baselines", b);
        // spec and coefficient as given (null: none); summary.md says what they mean
        m.put("learningRateSchedule", settings.schedule() == null ? null : settings.schedule().spec());
        m.put("weightDecay", settings.weightDecay());
        m.put("timing", "secondsPerIteration: fit wall time per iteration; updaterSecondsPerIteration: from DL4J's "
                + "onGradientCalculation to iterationDone (normalization, regularization, updater, params -= update); "
                + "forwardBackwardSecondsPerIteration: the rest of each iteration (minibatch, forward, loss, backprop)");
        m.put("cores", Runtime.getRuntime().availableProcessors());
        var environment = org.nd4j.linalg.factory.Nd4j.getEnvironment();
        m.put("nativeThreads", new java.util.TreeMap<>(Map.of("blas", org.nd4j.linalg.factory.Nd4j.factory().blas().getMaxThreads(),
                "nd4jMaxThreads", environment.maxThreads(), "nd4jMaxMasterThreads", environment.maxMasterThreads())));
        m.put("tuningThreads", settings.threads());
        m.put("projectVersion", Provenance.currentVersion());
        m.put("createdAt", Instant.now().toString());
        return m;
    }

    /** suite.json, summary.md and one PNG and SVG per task in {@code dir}. */
    public static void write(SuiteResults results, Path dir) throws IOException {
        Files.createDirectories(dir);
        results.write(dir.resolve(JSON));
        for (TaskResult t : results.tasks()) SuitePlots.write(t, dir);
        Files.writeString(dir.resolve(MARKDOWN), new Summary(results).markdown(), StandardCharsets.UTF_8);
    }

    /** A user's own network against the baselines: results of one task, written to {@code dir}. */
    public TaskResult compare(Network network, String name, TaskData data, int iterations, Path dir) throws IOException {
        var task = new Task(name, network.kind() + " from the user's configuration", network, data, iterations);
        TaskResult result = run(task);
        write(new SuiteResults(describe(), List.of(result)), dir);
        return result;
    }

    public TaskResult compare(MultiLayerConfiguration configuration, TaskData data, int iterations, Path dir) throws IOException {
        return compare(Network.of(configuration), "network", data, iterations, dir);
    }

    public TaskResult compare(ComputationGraphConfiguration configuration, TaskData data, int iterations, Path dir) throws IOException {
        return compare(Network.of(configuration), "network", data, iterations, dir);
    }
}
