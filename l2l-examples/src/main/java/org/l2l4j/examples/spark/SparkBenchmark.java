package org.l2l4j.examples.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.metatrain.MetaTrainer;
import org.l2l4j.core.metatrain.ShardPlan;
import org.l2l4j.core.metatrain.ShardRun;
import org.l2l4j.core.metatrain.ShardRunner;
import org.l2l4j.core.metatrain.TrainingListener.EpochReport;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.examples.mnist.MnistDigits;
import org.l2l4j.examples.mnist.MnistMlp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * What Spark costs meta-training, measured on one machine, and what that predicts for a cluster.
 * <ul>
 * <li>Quadratic meta-training (the problem's defaults) in one process and on Spark with the same shards, in turn:
 *     throughput ratio and the time Spark adds per truncation; and whether the weights agree.</li>
 * <li>Spark's cost per stage and per task: jobs of N tasks that do almost nothing but carry what a real one
 *     carries (phi of the MNIST optimizer broadcast in, its meta-gradient back), for several N; a straight line
 *     through job time against N, and Spark's task metrics (deserialization, result serialization, scheduler
 *     delay).</li>
 * <li>The driver's part of a truncation for S shards: turning S results into arrays, summing them in order,
 *     clipping, Adam.</li>
 * <li>MNIST: a shard's truncation on one core for shards of 1, 2, 4 ... networks (two shards on two cores at once,
 *     as two executors' cores would), and the driver's validation of the defaults.</li>
 * </ul>
 * From these, {@link ScalingModel} projects the time per MNIST epoch on 8, 64 and 512 executors.
 */
public final class SparkBenchmark {
    private SparkBenchmark() {}

    /**
     * @param quadraticEpochs epochs of each timed quadratic run
     * @param rounds          quadratic runs of each kind, taken in turn
     * @param taskCounts      tasks per job for the per-task cost
     * @param jobs            timed jobs per task count
     * @param mnistShards     networks per shard for the MNIST compute
     */
    public record Settings(int quadraticEpochs, int rounds, int[] taskCounts, int jobs, int[] mnistShards) {
        public static Settings defaults() {
            return new Settings(40, 3, new int[]{2, 8, 32, 128, 512}, 12, new int[]{1, 2, 4});
        }
    }

    /** One timed meta-training run. */
    public record Run(String where, double seconds, double optimizeeStepsPerSecond, double msPerTruncation,
                      SparkShards.Stats spark) {}

    /**
     * @param ratio                  Spark's throughput over one process's (medians)
     * @param addedMsPerTruncation   what Spark adds to a truncation (medians of ms per truncation, Spark minus one process)
     * @param overheadMsPerJob       per job, its time beyond its tasks' (median over the Spark runs)
     * @param sameWeights            the two kinds of run gave the same weights bit for bit
     */
    public record Quadratic(int epochs, int batchSize, int shards, int truncationsPerEpoch, List<Run> runs, double ratio,
                            double addedMsPerTruncation, double overheadMsPerJob, boolean sameWeights) {}

    /**
     * One task count: job time as the driver sees it, and Spark's task metrics (means over tasks).
     */
    public record StageCost(int tasks, double msPerJob, double msInsideTask, double deserializeMs, double runMs,
                            double resultSerializeMs, double schedulerDelayMs, double resultKilobytes) {}

    /** Job time = perStageMs + perTaskMs * tasks, least squares over the task counts. */
    public record StageFit(double perStageMs, double perTaskMs) {}

    public record DriverSum(int shards, double ms) {}

    public record MnistShard(int networks, double msPerTruncation) {}

    /**
     * @param phiParameters   the MNIST optimizer's weights (what is broadcast and returned per task)
     * @param fixedMs         a shard's truncation time at zero networks (intercept), one core
     * @param perNetworkMs    each network's share of it (slope)
     * @param validationSeconds the driver's validation of the defaults (16 networks, 100 steps)
     * @param epochSeconds    a whole single-process epoch of the defaults (4 networks), validation included
     */
    public record Mnist(int phiParameters, List<MnistShard> shards, double fixedMs, double perNetworkMs,
                        double validationSeconds, double epochSeconds) {}

    public record Report(String master, int taskSlots, String note, Quadratic quadratic, List<StageCost> stages,
                         StageFit stageFit, double broadcastMs, List<DriverSum> driverSum, Mnist mnist,
                         ScalingModel.Assumptions assumptions, List<ScalingModel.Projection> projections,
                         ScalingModel.BreakEven breakEven) {}

    public static Report run(JavaSparkContext spark, Settings settings, Consumer<String> progress) {
        var costs = new TaskCosts();
        spark.sc().addSparkListener(costs);
        int slots = spark.sc().defaultParallelism();

        progress.accept("quadratic meta-training, one process against Spark");
        Quadratic quadratic = quadratic(spark, settings);

        var mnistConfig = MnistMlp.metaTrainingDefaults();
        int phiParameters = mnistConfig.architecture().parameterCount();
        progress.accept("Spark's cost per stage and per task");
        List<StageCost> stages = new ArrayList<>();
        for (int n : settings.taskCounts()) stages.add(stage(spark, costs, mnistConfig, n, settings.jobs()));
        StageFit fit = fit(stages);
        double broadcastMs = broadcastMs(spark, phiParameters);

        progress.accept("the driver's sum, clipping and Adam step");
        List<DriverSum> sums = new ArrayList<>();
        for (int s : new int[]{8, 64, 512}) sums.add(new DriverSum(s, driverSumMs(mnistConfig, s)));

        progress.accept("MNIST shards and validation");
        Mnist mnist = mnist(mnistConfig, settings.mnistShards());

        var assumptions = ScalingModel.Assumptions.defaults();
        var projections = ScalingModel.project(fit, sums, broadcastMs, mnist, mnistConfig, assumptions);
        String note = "measured on one machine with " + Runtime.getRuntime().availableProcessors()
                + " processors; Spark in local mode (driver and executor threads in one JVM)";
        return new Report(spark.master(), slots, note, quadratic, stages, fit, broadcastMs, sums, mnist, assumptions, projections,
                ScalingModel.breakEven(fit, sums, broadcastMs, mnist, assumptions));
    }

    /** The report in a few lines for people. */
    public static void print(Report r, java.io.PrintWriter out) {
        var q = r.quadratic();
        out.printf(Locale.ROOT, "%s (%d task slots); %s%n", r.master(), r.taskSlots(), r.note());
        out.printf(Locale.ROOT, "quadratic meta-training, %d epochs of %d problems in %d shards, %d truncations an epoch, %d rounds:%n",
                q.epochs(), q.batchSize(), q.shards(), q.truncationsPerEpoch(), q.runs().size() / 2);
        for (Run run : q.runs())
            out.printf(Locale.ROOT, "  %-22s %7.1f s  %7.1f optimizee steps/s  %7.2f ms a truncation%s%n", run.where(), run.seconds(),
                    run.optimizeeStepsPerSecond(), run.msPerTruncation(),
                    run.spark() == null ? "" : String.format(Locale.ROOT, "  (%.2f ms a job beyond its tasks)", 1e3 * run.spark().overheadPerJob()));
        out.printf(Locale.ROOT, "  Spark/one process throughput %.3f; Spark adds %.2f ms a truncation (%.2f ms beyond its tasks); same weights: %s%n",
                q.ratio(), q.addedMsPerTruncation(), q.overheadMsPerJob(), q.sameWeights());
        out.printf(Locale.ROOT, "Spark jobs of N tasks (phi of %d weights broadcast, a gradient of as many back per task):%n",
                r.mnist().phiParameters());
        for (StageCost c : r.stages())
            out.printf(Locale.ROOT, "  N = %4d: %8.2f ms a job; a task: %.2f ms inside, deserialize %.2f, run %.2f, serialize result %.2f, "
                    + "scheduler delay %.2f ms, result %.0f KiB%n", c.tasks(), c.msPerJob(), c.msInsideTask(), c.deserializeMs(),
                    c.runMs(), c.resultSerializeMs(), c.schedulerDelayMs(), c.resultKilobytes());
        out.printf(Locale.ROOT, "  job = %.2f ms + %.3f ms x N; creating phi's broadcast %.3f ms%n", r.stageFit().perStageMs(),
                r.stageFit().perTaskMs(), r.broadcastMs());
        for (DriverSum d : r.driverSum())
            out.printf(Locale.ROOT, "the driver's arrays, sum, clip and Adam for %d shards: %.3f ms%n", d.shards(), d.ms());
        var m = r.mnist();
        for (MnistShard sh : m.shards())
            out.printf(Locale.ROOT, "MNIST shard of %d networks, one truncation on one core: %.1f ms%n", sh.networks(), sh.msPerTruncation());
        out.printf(Locale.ROOT, "  = %.1f ms + %.1f ms a network; the defaults' epoch in one process %.1f s, of which validation %.1f s%n",
                m.fixedMs(), m.perNetworkMs(), m.epochSeconds(), m.validationSeconds());
        out.printf(Locale.ROOT, "projected MNIST epoch (%s):%n", "compute + Spark + transfer + broadcast + sum per truncation");
        for (var p : r.projections())
            out.printf(Locale.ROOT, "  %-6s %4d executors x %3d networks: truncation %7.1f ms = %6.1f + %6.1f + %5.1f + %4.2f + %5.2f; "
                            + "epoch %6.2f s (%6.2f s with validation); driver %3.0f%%, limit: %s%n", p.scaling(), p.executors(),
                    p.networksPerShard(), p.truncationMs(), p.computeMs(), p.sparkMs(), p.transferMs(), p.broadcastMs(), p.sumMs(),
                    p.epochSeconds(), p.epochSecondsWithValidation(), 100 * p.driverShare(), p.limit());
        out.printf(Locale.ROOT, "  %d networks an executor: the driver matches the compute at %.0f executors, the driver's link alone at %.0f%n",
                r.breakEven().networksPerExecutor(), r.breakEven().driverEqualsCompute(), r.breakEven().linkEqualsCompute());
        out.flush();
    }

    // ---- quadratic meta-training

    private static Quadratic quadratic(JavaSparkContext spark, Settings settings) {
        var config = MetaTrainingConfig.quadraticDefaults().withEpochs(settings.quadraticEpochs());
        var family = QuadraticFamily.paper();
        var plan = ShardPlan.of(config);
        var recipe = new Quadratics();
        // warm up both paths (JIT, Spark's first jobs) with a few epochs
        oneProcess(family, config.withEpochs(3), plan);
        onSpark(spark, recipe, family, config.withEpochs(3), plan);
        List<Run> runs = new ArrayList<>();
        double[] weightsHere = null, weightsSpark = null;
        List<Double> here = new ArrayList<>(), there = new ArrayList<>(), overhead = new ArrayList<>();
        List<Double> rateHere = new ArrayList<>(), rateThere = new ArrayList<>();
        for (int r = 0; r < settings.rounds(); r++) {
            var a = oneProcess(family, config, plan);
            var b = onSpark(spark, recipe, family, config, plan);
            runs.add(a.run());
            runs.add(b.run());
            weightsHere = a.weights();
            weightsSpark = b.weights();
            here.add(a.run().msPerTruncation());
            there.add(b.run().msPerTruncation());
            rateHere.add(a.run().optimizeeStepsPerSecond());
            rateThere.add(b.run().optimizeeStepsPerSecond());
            overhead.add(1e3 * b.run().spark().overheadPerJob());
        }
        return new Quadratic(config.epochs(), config.batchSize(), plan.shards(), ShardRun.truncations(config, 1), runs,
                median(rateThere) / median(rateHere), median(there) - median(here), median(overhead),
                Arrays.equals(weightsHere, weightsSpark));
    }

    record Quadratics() implements FamilyRecipe {
        @Override public ProblemFamily build() { return QuadraticFamily.paper(); }
    }

    private record Timed(Run run, double[] weights) {}

    private static Timed oneProcess(ProblemFamily family, MetaTrainingConfig config, ShardPlan plan) {
        try (var local = ShardRunner.local(family, config, plan)) {
            return timed("one process", family, config, local, null);
        }
    }

    private static Timed onSpark(JavaSparkContext spark, FamilyRecipe recipe, ProblemFamily family, MetaTrainingConfig config,
                                 ShardPlan plan) {
        try (var shards = new SparkShards(spark, recipe, config, plan)) {
            return timed("Spark " + spark.master(), family, config, shards, shards);
        }
    }

    private static Timed timed(String where, ProblemFamily family, MetaTrainingConfig config, ShardRunner runner, SparkShards spark) {
        EpochReport[] last = new EpochReport[1];
        long t0 = System.nanoTime();
        double[] weights = new MetaTrainer(family, config, r -> last[0] = r, runner).train().weights();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = last[0].optimizeeStepsPerSecond();   // validation excluded
        return new Timed(new Run(where, seconds, rate, 1e3 * config.unroll() / rate, spark == null ? null : spark.stats()), weights);
    }

    // ---- Spark's cost per stage and per task

    /** Jobs of {@code tasks} tasks, each one step of a one-instance quadratic with the MNIST optimizer's weights. */
    private static StageCost stage(JavaSparkContext spark, TaskCosts costs, MetaTrainingConfig mnist, int tasks, int jobs) {
        var d = mnist;
        var config = new MetaTrainingConfig(d.architecture(), jobs, tasks, 1, 1, d.metaLearningRate(), MetaTrainingConfig.Schedule.CONSTANT,
                0, d.objective(), 1, jobs, d.forgetBias(), d.outputInitStd(), d.seed(), d.dataType());
        var plan = ShardPlan.of(config, tasks);
        var family = QuadraticFamily.paper();
        onSpark(spark, new Quadratics(), family, config.withEpochs(3), plan);   // warm-up
        costs.awaitQuiet();
        costs.reset();
        var stats = onSpark(spark, new Quadratics(), family, config, plan).run().spark();
        var m = costs.awaitAndTake((long) tasks * jobs);
        return new StageCost(tasks, 1e3 * stats.jobSeconds() / stats.jobs(), 1e3 * stats.taskSeconds() / stats.tasks(),
                m[0], m[1], m[2], m[3], m[4] / 1024);
    }

    private static StageFit fit(List<StageCost> stages) {
        var line = ScalingModel.Line.fit(stages.stream().mapToDouble(StageCost::tasks).toArray(),
                stages.stream().mapToDouble(StageCost::msPerJob).toArray());
        return new StageFit(line.intercept(), line.slope());
    }

    private static double broadcastMs(JavaSparkContext spark, int parameters) {
        double[] phi = new SplittableRandom(1).doubles(parameters).toArray();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long t0 = System.nanoTime();
            Broadcast<double[]> b = spark.broadcast(phi);
            ms.add((System.nanoTime() - t0) / 1e6);
            b.destroy();
        }
        return median(ms.subList(10, ms.size()));
    }

    /** Spark's task metrics, summed over finished tasks. */
    static final class TaskCosts extends SparkListener {
        private long count;
        private double deserialize, run, serialize, delay, resultBytes;
        private long lastEvent = System.nanoTime();

        @Override public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
            lastEvent = System.nanoTime();
            TaskMetrics m = end.taskMetrics();
            TaskInfo info = end.taskInfo();
            if (m == null || info.failed()) return;
            count++;
            deserialize += m.executorDeserializeTime();
            run += m.executorRunTime();
            serialize += m.resultSerializationTime();
            resultBytes += m.resultSize();
            double total = info.finishTime() - info.launchTime();
            delay += Math.max(0, total - m.executorDeserializeTime() - m.executorRunTime() - m.resultSerializationTime()
                    - info.gettingResultTime());
        }

        synchronized void reset() {
            count = 0;
            deserialize = run = serialize = delay = resultBytes = 0;
        }

        /** Waits until no task has ended for a while (the listener bus is asynchronous). */
        void awaitQuiet() {
            while (true) {
                synchronized (this) {
                    if (System.nanoTime() - lastEvent > 300_000_000L) return;
                }
                sleep();
            }
        }

        /** Means per task once {@code expected} tasks are counted: deserialize, run, serialize, delay (ms), result bytes. */
        double[] awaitAndTake(long expected) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                synchronized (this) {
                    if (count >= expected) break;
                }
                sleep();
            }
            synchronized (this) {
                double c = Math.max(1, count);
                return new double[]{deserialize / c, run / c, serialize / c, delay / c, resultBytes / c};
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    // ---- the driver's part of a truncation

    /**
     * What the driver does with S results: {@link SparkShards#results} (the tasks' doubles as the trainer's arrays),
     * then as {@link MetaTrainer} does, the sum in shard order, the mean, clipping and the Adam step.
     */
    private static double driverSumMs(MetaTrainingConfig config, int shards) {
        int p = config.architecture().parameterCount();
        var random = new SplittableRandom(3);
        List<TruncationResult> collected = new ArrayList<>();
        for (int s = 0; s < shards; s++)
            collected.add(new TruncationResult(s, random.doubles(p, -1e-3, 1e-3).toArray(), 1, 1, 0, 0, 0, null, 0));
        INDArray phi = Nd4j.zeros(config.dataType(), 1, p), dphi = Nd4j.zeros(config.dataType(), 1, p);
        var adam = new Adam(1e-3);
        GradientUpdater<?> updater = adam.instantiate(Nd4j.zeros(config.dataType(), 1, adam.stateSize(p)), true);
        List<Double> ms = new ArrayList<>();
        for (int rep = 0; rep < 25; rep++) {
            long t0 = System.nanoTime();
            dphi.assign(0);
            for (var r : SparkShards.results(collected, shards, config.dataType())) dphi.addi(r.gradient());
            dphi.divi(shards);
            double norm = dphi.norm2Number().doubleValue();
            if (norm > 1) dphi.muli(1 / norm);
            updater.applyUpdater(dphi, rep, 1);
            phi.subi(dphi);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return median(ms.subList(5, ms.size()));
    }

    // ---- MNIST

    private static Mnist mnist(MetaTrainingConfig defaults, int[] shardSizes) {
        ProblemFamily family = MnistMlp.base().family(MnistDigits.bundled());
        int p = defaults.architecture().parameterCount();
        INDArray phi = MetaTrainer.initialWeights(defaults).castTo(defaults.dataType()).reshape(1, p);
        List<MnistShard> shards = new ArrayList<>();
        for (int k : shardSizes) {
            var config = withBatch(defaults, 2 * k);
            List<Double> ms = new ArrayList<>();
            try (var local = ShardRunner.local(family, config, ShardPlan.of(config, 2))) {
                for (int epoch = 1; epoch <= 2; epoch++)
                    for (int t = 0; t < ShardRun.truncations(config, epoch); t++) {
                        long t0 = System.nanoTime();
                        local.run(epoch, t, phi);
                        if (epoch > 1) ms.add((System.nanoTime() - t0) / 1e6);   // the first epoch warms up
                    }
            }
            shards.add(new MnistShard(k, median(ms)));
        }
        var line = ScalingModel.Line.fit(shards.stream().mapToDouble(MnistShard::networks).toArray(),
                shards.stream().mapToDouble(MnistShard::msPerTruncation).toArray());

        EpochReport[] last = new EpochReport[1];
        new MetaTrainer(family, defaults.withEpochs(1), r -> last[0] = r).train();
        double training = defaults.horizon() / last[0].optimizeeStepsPerSecond();
        return new Mnist(p, shards, line.intercept(), line.slope(), last[0].seconds() - training, last[0].seconds());
    }

    private static MetaTrainingConfig withBatch(MetaTrainingConfig d, int batch) {
        return new MetaTrainingConfig(d.architecture(), d.epochs(), batch, d.horizon(), d.unroll(), d.metaLearningRate(),
                d.schedule(), d.clipNorm(), d.objective(), d.validationInstances(), d.validateEvery(), d.forgetBias(),
                d.outputInitStd(), d.seed(), d.dataType());
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
