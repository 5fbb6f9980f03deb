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
import org.l2l4j.core.optimizer.StepCost;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.dl4j.LearnedUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
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
 * and by Adam, all measured in one run on the same problems. With {@code --optimizer}, instead, the time of
 * one DL4J update step of each optimizer given against Adam's on the same block of parameters. Each
 * optimizer's row also gives its FLOPs and state floats per parameter per step ({@link StepCost}).
 */
@Command(name = "benchmark", description = {"Measures meta-training speed against the same number of Adam steps; "
        + "writes DIR/benchmark.json.",
        "With --optimizer, measures instead one DL4J update step of each optimizer given against Adam's on "
                + "--coordinates parameters, single-threaded, in one run."})
final class BenchmarkCommand implements Callable<Integer> {
    /**
     * ND4J's Adam per parameter: m = b1 m + (1 - b1) g (3), v = b2 v + (1 - b2) g^2 (4),
     * alpha_t m / (sqrt v + eps) (4); its state is m and v.
     */
    static final long ADAM_FLOPS = 11;
    static final int ADAM_STATE = 2;

    @Spec CommandSpec spec;

    @Mixin ProblemOptions problem;   // --problem defaults to quadratic here

    @Option(names = "--epochs", defaultValue = "40", paramLabel = "N",
            description = "Meta-training epochs to time (default settings otherwise). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for benchmark.json (optional).")
    Path out;

    @Option(names = "--optimizer", split = ",", paramLabel = "FILE|zoo:ID",
            description = "Time one update step of these learned optimizers (comma-separated) against Adam's instead.")
    List<String> optimizers = new ArrayList<>();

    @Option(names = "--coordinates", defaultValue = "101770", paramLabel = "N",
            description = "With --optimizer: parameters in the block updated (default: the 784-128-10 MLP's ${DEFAULT-VALUE}).")
    int coordinates;

    @Option(names = "--steps", defaultValue = "50", paramLabel = "N",
            description = "With --optimizer: steps per round. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--rounds", defaultValue = "7", paramLabel = "N",
            description = "With --optimizer: rounds, alternating between the optimizers; the median is reported. Default: ${DEFAULT-VALUE}.")
    int rounds;

    /**
     * One row of the report; the FLOPs and state floats per parameter per step are null for meta-training (a
     * forward and a backward pass on the optimizer network and the optimizee's gradients).
     */
    record Measure(String what, long optimizeeSteps, double seconds, double stepsPerSecond, double relativeToAdam,
                   Long flopsPerParameter, Integer stateFloatsPerParameter) {}

    record Report(String problem, int batchSize, long coordinates, int epochs, double networkShare,
                  Measure metaTraining, Measure learnedForward, Measure adam) {}

    /** One optimizer's update step, as DL4J's fit applies it, against Adam's in the same run. */
    record StepMeasure(String optimizer, String architecture, long flopsPerParameter, int stateFloatsPerParameter,
                       double millisPerStep, double relativeToAdam) {}

    record StepReport(long coordinates, int stepsPerRound, int rounds, String threads, List<StepMeasure> optimizers) {}

    @Override public Integer call() throws Exception {
        if (!optimizers.isEmpty()) return stepTimes();
        problem.problemOr(Problem.QUADRATIC);
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
        StepCost cost = trained.architecture().stepCost();
        var report = new Report(problem.problem().id(), config.batchSize(), n, epochs, last[0].networkShare(),
                measure("meta-training (forward and backward, validation excluded)", metaSteps, metaSeconds, adamRate, null, null),
                measure("trained optimizer, forward only", metaSteps, learnedSeconds, adamRate, cost.flopsPerParameter(),
                        cost.stateFloats()),
                measure("Adam (ND4J updater)", metaSteps, adamSeconds, adamRate, ADAM_FLOPS, ADAM_STATE));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "%s, %d problems per batch (%d coordinates), %d epochs of %d steps%n",
                report.problem(), report.batchSize(), n, epochs, config.horizon());
        for (Measure m : new Measure[]{report.metaTraining(), report.learnedForward(), report.adam()})
            stdout.printf(Locale.ROOT, "  %-58s %8d steps %8.2f s %9.1f steps/s  %6.1fx Adam's time per step%s%n",
                    m.what(), m.optimizeeSteps(), m.seconds(), m.stepsPerSecond(), m.relativeToAdam(),
                    m.flopsPerParameter() == null ? "" : String.format(Locale.ROOT, "  %d FLOPs, %d state floats per parameter",
                            m.flopsPerParameter(), m.stateFloatsPerParameter()));
        stdout.printf(Locale.ROOT, "  share of meta-training time in the optimizer network: %.0f%%%n", 100 * report.networkShare());
        stdout.flush();
        if (out != null) {
            Files.createDirectories(out);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("benchmark.json").toFile(), report);
        }
        return 0;
    }

    private static Measure measure(String what, long steps, double seconds, double adamRate, Long flops, Integer state) {
        double rate = steps / seconds;
        return new Measure(what, steps, seconds, rate, adamRate / rate, flops, state);
    }

    private Integer stepTimes() throws Exception {
        for (String[] o : new String[][]{{"--coordinates", "" + coordinates}, {"--steps", "" + steps}, {"--rounds", "" + rounds}})
            if (Integer.parseInt(o[1]) < 1) throw new ParameterException(spec.commandLine(), o[0] + " must be at least 1, got " + o[1]);
        List<LearnedOptimizer> learned = new ArrayList<>();
        for (String source : optimizers) if (!source.isBlank()) learned.add(LearnedOptimizer.load(source.trim()));
        if (out != null) Files.createDirectories(out);
        Backend.start();
        List<IUpdater> updaters = new ArrayList<>();
        updaters.add(new Adam(1e-3));
        learned.forEach(l -> updaters.add(new LearnedUpdater(l.optimizer())));
        double[] ms = UpdaterTiming.millisPerStep(updaters, coordinates, steps, rounds, 1);
        List<StepMeasure> rows = new ArrayList<>();
        rows.add(new StepMeasure("adam", "Adam (ND4J)", ADAM_FLOPS, ADAM_STATE, ms[0], 1.0));
        for (int k = 0; k < learned.size(); k++) {
            var a = learned.get(k).optimizer().architecture();
            StepCost cost = a.stepCost();
            rows.add(new StepMeasure(learned.get(k).name(), a.kind() + " " + a.layers() + "x" + a.hidden(),
                    cost.flopsPerParameter(), cost.stateFloats(), ms[k + 1], ms[k + 1] / ms[0]));
        }
        var report = new StepReport(coordinates, steps, rounds, "single (NativeThreads.singleThreaded)", rows);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "one update step of %d parameters, median of %d rounds of %d steps, single-threaded%n",
                coordinates, rounds, steps);
        stdout.printf(Locale.ROOT, "  %-24s %-12s %8s %7s %10s %8s%n", "optimizer", "architecture", "FLOPs/p", "state/p", "ms/step", "/ Adam");
        for (StepMeasure m : rows)
            stdout.printf(Locale.ROOT, "  %-24s %-12s %8d %7d %10.3f %8.1f%n", m.optimizer(), m.architecture(),
                    m.flopsPerParameter(), m.stateFloatsPerParameter(), m.millisPerStep(), m.relativeToAdam());
        stdout.flush();
        if (out != null)
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("benchmark.json").toFile(), report);
        return 0;
    }

    private static double timeRollouts(ProblemBatch batch, java.util.function.Supplier<org.l2l4j.core.problem.StepRule> rule,
                                       int runs, int steps) {
        long t0 = System.nanoTime();
        for (int r = 0; r < runs; r++) Rollout.run(batch, rule.get(), steps);
        return (System.nanoTime() - t0) / 1e9;
    }
}
