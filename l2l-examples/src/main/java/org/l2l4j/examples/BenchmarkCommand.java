package org.l2l4j.examples;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.core.baseline.BaselineRule;
import org.l2l4j.core.metatrain.MetaTrainer;
import org.l2l4j.core.metatrain.TrainingListener;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.examples.mnist.MnistDigits;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code l2l benchmark}: meta-training speed (optimizee steps per second, share of time in the optimizer
 * network) next to the cost of the same number of optimizee steps taken by the trained optimizer alone
 * and by Adam, all measured in one run on the same problems. {@code l2l benchmark --fit}: whole DL4J fit
 * iterations of a user's MNIST MLP with learned optimizers next to Adam ({@link FitBenchmark}).
 */
@Command(name = "benchmark", description = {"Measures meta-training speed against the same number of Adam steps; "
        + "writes DIR/benchmark.json.",
        "With --fit: times DL4J fit iterations of a 784-H-10 ReLU MLP (H = --hidden, default 128) on the bundled digits "
                + "with each --optimizer next to Adam, native threads as DL4J starts them; writes DIR/fit-benchmark.json."})
final class BenchmarkCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Mixin ProblemOptions problem;   // --problem defaults to quadratic here

    @Option(names = "--epochs", defaultValue = "40", paramLabel = "N",
            description = "Meta-training epochs to time (default settings otherwise). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for benchmark.json (optional).")
    Path out;

    @Option(names = "--fit", description = "Time DL4J fit iterations of an MNIST MLP instead of meta-training.")
    boolean fit;

    @Option(names = "--optimizer", split = ",", paramLabel = "FILE|zoo:ID", defaultValue = "zoo:mnist",
            description = "--fit: learned optimizers to time next to Adam, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<String> optimizers;

    @Option(names = "--minibatch", defaultValue = "128", paramLabel = "N", description = "--fit: examples per iteration. Default: ${DEFAULT-VALUE}.")
    int minibatch;

    @Option(names = "--rounds", defaultValue = "5", paramLabel = "N",
            description = "--fit: timed rounds, the optimizers in turn; the median round counts. --spark: quadratic runs "
                    + "of each kind, in turn. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--iterations", defaultValue = "20", paramLabel = "N",
            description = "--fit: iterations per optimizer and round (after as many untimed warm-up iterations). Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Measure what Spark costs meta-training on MASTER (e.g. local[2]): quadratic meta-training in one "
                    + "process against Spark (--epochs, --rounds), Spark's cost per stage and per task (--spark-tasks), the "
                    + "driver's sum, MNIST shards on one core; and the projection to 8, 64 and 512 executors. Writes "
                    + "DIR/spark-benchmark.json.")
    String spark;

    @Option(names = "--spark-tasks", split = ",", paramLabel = "N", defaultValue = "2,8,32,128,512",
            description = "--spark: tasks per job for the per-task cost. Default: ${DEFAULT-VALUE}.")
    int[] sparkTasks;

    @Option(names = "--spark-jobs", paramLabel = "N", defaultValue = "12",
            description = "--spark: timed jobs per task count. Default: ${DEFAULT-VALUE}.")
    int sparkJobs;

    /** One row of the report. */
    record Measure(String what, long optimizeeSteps, double seconds, double stepsPerSecond, double relativeToAdam) {}

    record Report(String problem, int batchSize, long coordinates, int epochs, double networkShare,
                  Measure metaTraining, Measure learnedForward, Measure adam) {}

    @Override public Integer call() throws Exception {
        if (fit) return fit();
        if (spark != null) return spark();
        problem.problemOr(Problem.QUADRATIC);
        problem.requirePaperProblem("benchmark");
        if (out != null) OutputPaths.directory(spec.commandLine(), "--out", out, "benchmark.json");
        Backend.start();
        var config = problem.defaults().withEpochs(epochs);
        var family = problem.family();
        var warmup = new MetaTrainer(family, config.withEpochs(Math.min(5, epochs)), TrainingListener.NONE).train();
        TrainingListener.EpochReport[] last = new TrainingListener.EpochReport[1];
        TrainedOptimizer trained = new MetaTrainer(family, config, r -> last[0] = r).train();
        long metaSteps = (long) epochs * config.horizon();
        double metaSeconds = metaSteps / last[0].optimizeeStepsPerSecond();   // the trainer's clock, validation excluded

        ProblemBatch batch = family.sample(config.seed(), Seeds.Purpose.TEST, 0, config.batchSize(), DataType.FLOAT);
        long n = batch.instances() * batch.dimension();
        Rollout.run(batch, warmup.newStepRule(n, batch.dimension(), DataType.FLOAT), config.horizon());
        double learnedSeconds = timeRollouts(batch, () -> trained.newStepRule(n, batch.dimension(), DataType.FLOAT), epochs, config.horizon());
        Rollout.run(batch, new BaselineRule(Baseline.ADAM, 1, n, DataType.FLOAT), config.horizon());
        double adamSeconds = timeRollouts(batch, () -> new BaselineRule(Baseline.ADAM, 1, n, DataType.FLOAT), epochs, config.horizon());

        double adamRate = metaSteps / adamSeconds;
        var report = new Report(problem.problem().id(), config.batchSize(), n, epochs, last[0].networkShare(),
                measure("meta-training (forward and backward, validation excluded)", metaSteps, metaSeconds, adamRate),
                measure("trained optimizer, forward only", metaSteps, learnedSeconds, adamRate),
                measure("Adam (ND4J updater)", metaSteps, adamSeconds, adamRate));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "%s, %d problems per batch (%d coordinates), %d epochs of %d steps%n",
                report.problem(), report.batchSize(), n, epochs, config.horizon());
        for (Measure m : new Measure[]{report.metaTraining(), report.learnedForward(), report.adam()})
            stdout.printf(Locale.ROOT, "  %-58s %8d steps %8.2f s %9.1f steps/s  %6.1fx Adam's time per step%n",
                    m.what(), m.optimizeeSteps(), m.seconds(), m.stepsPerSecond(), m.relativeToAdam());
        stdout.printf(Locale.ROOT, "  share of meta-training time in the optimizer network: %.0f%%%n", 100 * report.networkShare());
        stdout.flush();
        if (out != null) {
            Files.createDirectories(out);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("benchmark.json").toFile(), report);
        }
        return 0;
    }

    private int spark() throws java.io.IOException {
        if (rounds < 1 || sparkJobs < 1 || epochs < 1 || sparkTasks.length == 0)
            throw new ParameterException(spec.commandLine(), "--epochs, --rounds, --spark-jobs must be at least 1 and --spark-tasks given");
        if (out != null) Files.createDirectories(out);   // before the long part: a bad path fails now
        Backend.start();
        SparkSupport.benchmark(spec, spark, epochs, rounds, sparkTasks, sparkJobs,
                out == null ? null : out.resolve("spark-benchmark.json"));
        return 0;
    }

    private int fit() throws Exception {
        if (rounds < 1 || iterations < 1)
            throw new ParameterException(spec.commandLine(), "--rounds and --iterations must be at least 1");
        if (out != null) Files.createDirectories(out);   // before the long part: a bad path fails now
        List<LearnedOptimizer> learned = new ArrayList<>();
        for (String source : optimizers) learned.add(LearnedOptimizer.load(source.trim()));
        int hidden = problem.hidden == null ? 128 : problem.hidden;
        var settings = new FitBenchmark.Settings(hidden, minibatch, iterations, iterations, rounds);
        var digits = MnistDigits.bundled().dataSplit().metaTraining();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        var report = FitBenchmark.run(settings, learned, digits, (r, of) -> {
            stderr.printf(Locale.ROOT, "fit benchmark: round %d of %d%n", r, of);
            stderr.flush();
        });
        var t = report.threads();
        stdout.printf(Locale.ROOT, "%s, %d parameters, minibatch %d; %d processors, ND4J %d threads, OpenBLAS %d, workers %d%n",
                report.network(), report.parameters(), minibatch, t.availableProcessors(), t.nd4jThreads(), t.openBlasThreads(),
                t.workers());
        int width = report.results().stream().mapToInt(r -> r.optimizer().length()).max().orElse(10);
        for (var r : report.results())
            stdout.printf(Locale.ROOT, "  %-" + width + "s %9.2f ms per iteration  %6.2fx Adam  (rounds %s)  final score %.6f%n",
                    r.optimizer(), r.msPerIteration(), r.relativeToAdam(), rounded(r.roundMs()), r.finalScore());
        stdout.flush();
        if (out != null)
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("fit-benchmark.json").toFile(), report);
        return 0;
    }

    private static String rounded(double[] ms) {
        StringBuilder b = new StringBuilder();
        for (double v : ms) b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", v));
        return b.toString();
    }

    private static Measure measure(String what, long steps, double seconds, double adamRate) {
        double rate = steps / seconds;
        return new Measure(what, steps, seconds, rate, adamRate / rate);
    }

    private static double timeRollouts(ProblemBatch batch, java.util.function.Supplier<org.l2l4j.core.problem.StepRule> rule,
                                       int runs, int steps) {
        long t0 = System.nanoTime();
        for (int r = 0; r < runs; r++) Rollout.run(batch, rule.get(), steps);
        return (System.nanoTime() - t0) / 1e9;
    }
}
