package org.l2l4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import me.tongfei.progressbar.ProgressBar;
import org.l2l4j.dl4j.LearnedUpdater;
import org.l2l4j.examples.suite.CsvData;
import org.l2l4j.examples.suite.Digits;
import org.l2l4j.examples.suite.HeldOutMetric;
import org.l2l4j.examples.suite.LearningRateSchedule;
import org.l2l4j.examples.suite.Network;
import org.l2l4j.examples.suite.Optimizer;
import org.l2l4j.examples.suite.Suite;
import org.l2l4j.examples.suite.SuiteBaseline;
import org.l2l4j.examples.suite.SuiteResults;
import org.l2l4j.examples.suite.Summary;
import org.l2l4j.examples.suite.Task;
import org.l2l4j.examples.suite.TaskData;
import org.l2l4j.examples.suite.TaskResult;
import org.l2l4j.examples.suite.Tasks;
import org.l2l4j.zoo.OptimizerZoo;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Sgd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code l2l suite}: learned optimizers against Adam and tuned baselines in real DL4J training runs. */
@Command(name = "suite", sortOptions = false,
        description = {"Trains real DL4J networks (MultiLayerNetwork or ComputationGraph, fit on a DataSetIterator) with "
                + "each learned optimizer and each baseline from the same seeds, and writes DIR/suite.json, DIR/summary.md and "
                + "DIR/<task>.png / .svg (training loss against iteration and against wall time).",
                "Tasks: 1 mlp-relu (784-128-10, 2,000 iterations), 2 mlp-tanh (784-64-64-10, 1,000), 3 lenet (500), "
                        + "4 lstm-sines (ComputationGraph, 500), 5 autoencoder (784-64-784, 1,000), 6 mlp-paper (784-20-10 "
                        + "sigmoid, 100: the control). With --network, your own configuration instead.",
                "Tuned baselines take the learning rate with the lowest final training loss on tuning seeds (never the "
                        + "reported ones), found by Arbiter and cached like l2l tune's searches.",
                "--schedule and --weight-decay apply to every optimizer alike, the learned ones, the default and the tuned "
                        + "baselines (tuned with them)."})
final class SuiteCommand implements Callable<Integer> {
    static final long FIRST_TUNING_SEED = 1001;

    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Option(names = "--tasks", split = ",", paramLabel = "N|NAME",
            description = "Tasks to run, by number or name, comma-separated. Default: all.")
    List<String> tasks = new ArrayList<>();

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N",
            description = "Seeds 1..N per task and optimizer (initialization and minibatch order). Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--optimizer", split = ",", paramLabel = "FILE|zoo:ID",
            description = "Learned optimizers: trained-optimizer files or zoo entries, comma-separated. Default: every zoo entry.")
    List<String> optimizers = new ArrayList<>();

    @Option(names = "--baselines", split = ",", paramLabel = "ID", defaultValue = "adam-default,adam,nag",
            description = "Baselines: adam-default (Adam 1e-3), adam and nag (learning rate tuned per task). Default: ${DEFAULT-VALUE}.")
    List<String> baselines;

    @Option(names = "--tuning-seeds", defaultValue = "1", paramLabel = "N",
            description = "Tuning seeds " + FIRST_TUNING_SEED + ".." + (FIRST_TUNING_SEED - 1) + "+N each grid point is "
                    + "scored on. Default: ${DEFAULT-VALUE}.")
    int tuningSeeds;

    @Option(names = "--tuning-cache", paramLabel = "DIR",
            description = "Where finished searches are kept and reused. Default: ~/.deeplearning4j/l2l4j/tuning.")
    Path tuningCache;

    @Option(names = "--network", paramLabel = "FILE",
            description = "Your own network: a DL4J MultiLayerConfiguration or ComputationGraphConfiguration JSON (conf.toJson()).")
    Path network;

    @Option(names = "--idx", paramLabel = "DIR",
            description = "With --network: MNIST IDX files (train-*, t10k-*) in DIR instead of the bundled digits.")
    Path idx;

    @Option(names = "--validation-digits",
            description = "With --network: the bundled validation digits (6,000-7,499 to train on, 7,500-7,999 held out) "
                    + "instead of the suite's split, to try networks and settings without the test digits.")
    boolean validationDigits;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "With --network: examples from a CSV file (DataVec's CSVRecordReader) instead of digits.")
    Path csv;

    @Option(names = "--held-out-csv", paramLabel = "FILE",
            description = "With --csv: held-out examples. Default: the last fifth of --csv's lines.")
    Path heldOutCsv;

    @Option(names = "--label-column", defaultValue = "-1", paramLabel = "N",
            description = "With --csv: the label's column, 0-based; negative counts from the end. Default: ${DEFAULT-VALUE} (last).")
    int labelColumn;

    @Option(names = "--classes", defaultValue = "0", paramLabel = "N",
            description = "With --csv: the number of classes (labels 0..N-1); 0 for a regression target. Default: ${DEFAULT-VALUE}.")
    int classes;

    @Option(names = "--skip-lines", defaultValue = "0", paramLabel = "N",
            description = "With --csv: header lines to skip. Default: ${DEFAULT-VALUE}.")
    int skipLines;

    @Option(names = "--iterations", defaultValue = "1000", paramLabel = "N",
            description = "With --network: training iterations (minibatches). Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--batch", defaultValue = "128", paramLabel = "N",
            description = "With --network: minibatch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--metric", paramLabel = "accuracy|mse",
            description = "With --network: the held-out metric. Default: accuracy for a softmax cross-entropy output, else mse.")
    String metric;

    @Option(names = "--schedule", paramLabel = "SPEC",
            description = {"Multiplies every optimizer's learning rate over the iterations (a learned optimizer's step "
                    + "multiplier; a baseline's rate: tuned baselines are tuned with the schedule), as a DL4J ISchedule "
                    + "per iteration (0 = the first update): step:F@K (times F from iteration K on; several: "
                    + "step:0.1@1000,0.01@1500; a warm-up: step:0.1@0,1@20) or exp:G (times G^iteration). Default: constant."})
    String schedule;

    @Option(names = "--weight-decay", paramLabel = "C",
            description = {"DL4J weight decay C (WeightDecay, as .weightDecay(C) on the configuration: C x learning rate "
                    + "x weight subtracted per step) on the weights, not the biases, of every layer of every task, for every "
                    + "optimizer; replaces a --network configuration's own weight decay. The training loss then includes "
                    + "DL4J's penalty 0.5 C |W|^2. Default: as each configuration has it (none for tasks 1-6)."})
    Double weightDecay;

    @Option(names = "--tune-only", description = "Only tune the baselines (fill the cache), and print each search's time.")
    boolean tuneOnly;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the results.")
    Path out;

    @Override public Integer call() throws IOException {
        OutputPaths.directory(spec.commandLine(), "--out", out, Suite.JSON, Suite.MARKDOWN);
        positive("--seeds", seeds);
        positive("--tuning-seeds", tuningSeeds);
        LearningRateSchedule multiplier = schedule();
        if (weightDecay != null && !(Double.isFinite(weightDecay) && weightDecay >= 0))
            throw new ParameterException(spec.commandLine(), "--weight-decay must be finite and >= 0, got " + weightDecay);
        List<SuiteBaseline> chosen = baselines();
        List<Optimizer> learned = learned(chosen);
        if (network == null && (idx != null || csv != null || validationDigits))
            throw new ParameterException(spec.commandLine(), "--idx, --csv and --validation-digits choose the data of --network; "
                    + "the suite's own tasks always use the suite's split");
        List<Task> chosenTasks = network != null ? List.of(ownTask()) : chosenTasks();
        Path cache = OutputPaths.directory(spec.commandLine(), "--tuning-cache",
                tuningCache != null ? tuningCache : TuningOptions.defaultCacheDirectory());
        Files.createDirectories(out);
        Backend.start();

        var settings = new Suite.Settings(LongStream.rangeClosed(1, seeds).boxed().toList(),
                LongStream.range(FIRST_TUNING_SEED, FIRST_TUNING_SEED + tuningSeeds).boxed().toList(),
                cache, Runtime.getRuntime().availableProcessors(), multiplier, weightDecay);
        List<String> warnings = new ArrayList<>();
        var suite = new Suite(settings, learned, chosen);
        long started = System.nanoTime();
        if (tuneOnly) return tuneOnly(suite, chosenTasks, started);
        List<TaskResult> done = new ArrayList<>();
        try (ProgressBar bar = ProgressBars.start("suite", suite.iterations(chosenTasks))) {
            suite.reporting(ProgressBars.of(bar), warnings::add);
            for (Task t : chosenTasks) {
                done.add(suite.run(t));
                // written after every task: a long run stopped early keeps what it finished
                Suite.write(new SuiteResults(suite.describe(), done), out);
            }
            bar.setExtraMessage("");
        }
        PrintWriter err = spec.commandLine().getErr();
        warnings.forEach(err::println);
        err.flush();
        var results = new SuiteResults(suite.describe(), done);
        Suite.write(results, out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(new Summary(results).text());
        stdout.printf(Locale.ROOT, "wrote %s, %s and a PNG and SVG per task in %s (%.1f s)%n", Suite.JSON, Suite.MARKDOWN, out,
                (System.nanoTime() - started) / 1e9);
        stdout.flush();
        return 0;
    }

    private int tuneOnly(Suite suite, List<Task> chosenTasks, long started) {
        PrintWriter stdout = spec.commandLine().getOut();
        try (ProgressBar bar = ProgressBars.start("tune", suite.tuningIterations(chosenTasks))) {
            suite.reporting(ProgressBars.of(bar), w -> {});
            for (Task t : chosenTasks) {
                long taskStarted = System.nanoTime();
                var tuned = suite.tune(t);
                StringBuilder line = new StringBuilder(t.name() + ":");
                tuned.forEach((b, r) -> line.append(" ").append(b.id()).append(" ")
                        .append(r.best() == null ? "all diverged" : String.format(Locale.ROOT, "%.3g", r.best().learningRate())));
                bar.setExtraMessage(" " + line);
                stdout.printf(Locale.ROOT, "%s (%.1f s)%n", line, (System.nanoTime() - taskStarted) / 1e9);
                stdout.flush();
            }
            bar.setExtraMessage("");
        }
        stdout.printf(Locale.ROOT, "tuned in %.1f s%n", (System.nanoTime() - started) / 1e9);
        stdout.flush();
        return 0;
    }

    private void positive(String option, int value) {
        if (value < 1) throw new ParameterException(spec.commandLine(), option + " must be at least 1, got " + value);
    }

    private LearningRateSchedule schedule() {
        if (schedule == null) return null;
        try {
            return LearningRateSchedule.parse(schedule);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--schedule: " + e.getMessage());
        }
    }

    private List<SuiteBaseline> baselines() {
        List<SuiteBaseline> chosen = new ArrayList<>();
        for (String b : baselines) {
            if (b.isBlank()) continue;
            try {
                SuiteBaseline s = SuiteBaseline.byId(b);
                if (!chosen.contains(s)) chosen.add(s);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return chosen;
    }

    /** Named as given; every zoo entry when none is given. Loaded now, so a missing file fails before any work. */
    private List<Optimizer> learned(List<SuiteBaseline> baselines) throws IOException {
        List<String> sources = optimizers.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (optimizers.isEmpty()) sources = OptimizerZoo.list().stream().map(e -> LearnedOptimizer.ZOO_PREFIX + e.id()).toList();
        List<Optimizer> learned = new ArrayList<>();
        List<String> names = new ArrayList<>(baselines.stream().map(SuiteBaseline::resultName).toList());
        for (String source : sources) {
            LearnedOptimizer l = LearnedOptimizer.load(source);
            String name = names.contains(l.name()) ? source : l.name();
            if (names.contains(name))
                throw new ParameterException(spec.commandLine(), "the name " + source + " is taken by a baseline or another "
                        + "--optimizer; give that file another path");
            names.add(name);
            learned.add(new Optimizer(name, new LearnedUpdater(l.optimizer())));
        }
        return learned;
    }

    private List<Task> chosenTasks() {
        List<Task> all = Tasks.all();
        if (tasks.isEmpty()) return all;
        List<Task> chosen = new ArrayList<>();
        for (String t : tasks) {
            String s = t.trim();
            if (s.isEmpty()) continue;
            Task task = all.stream().filter(x -> x.name().equals(s)).findFirst().orElse(null);
            if (task == null && s.matches("\\d+")) {
                int i = Integer.parseInt(s);
                if (i >= 1 && i <= all.size()) task = all.get(i - 1);
            }
            if (task == null)
                throw new ParameterException(spec.commandLine(), "no task '" + s + "': 1.." + all.size() + " or one of "
                        + all.stream().map(Task::name).toList());
            if (!chosen.contains(task)) chosen.add(task);
        }
        return chosen;
    }

    /** --network with its data, checked on one minibatch before any long work. */
    private Task ownTask() throws IOException {
        if (!tasks.isEmpty()) throw new ParameterException(spec.commandLine(), "--tasks and --network exclude each other");
        if ((idx != null ? 1 : 0) + (csv != null ? 1 : 0) + (validationDigits ? 1 : 0) > 1)
            throw new ParameterException(spec.commandLine(), "--idx, --csv and --validation-digits exclude each other");
        if (csv == null && heldOutCsv != null) throw new ParameterException(spec.commandLine(), "--held-out-csv needs --csv");
        positive("--iterations", iterations);
        positive("--batch", batch);
        if (!Files.isRegularFile(network)) throw new IllegalArgumentException("network configuration " + network + " does not exist");
        Network net = Network.fromJson(Files.readString(network, StandardCharsets.UTF_8), network.toString());
        TaskData data;
        if (csv != null) data = CsvData.minibatches(csv, heldOutCsv, labelColumn, classes, skipLines, batch);
        else data = (idx != null ? Digits.fromDirectory(idx) : validationDigits ? Digits.bundledValidation() : Digits.bundled())
                .minibatches(batch);
        HeldOutMetric m;
        try {
            m = metric == null ? HeldOutMetric.infer(net) : HeldOutMetric.byId(metric);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        DataSetIterator first = data.train(1);
        try {
            net.score(net.build(new Sgd(0), 0), first.next());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the network in " + network + " does not fit the data (" + data.describe().get("data")
                    + "): " + OneLineErrors.describe(e), e);
        }
        String name = network.getFileName().toString().replaceAll("\\.json$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return new Task(name.isEmpty() ? "network" : name, net.kind() + " from " + network, net, data, iterations, m);
    }
}
