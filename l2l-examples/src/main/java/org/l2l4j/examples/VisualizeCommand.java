package org.l2l4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.examples.plot.ChartGrid;
import org.l2l4j.examples.tuning.BaselineTuner;
import org.l2l4j.examples.tuning.Progress;
import org.l2l4j.examples.tuning.TunedBaseline;
import org.l2l4j.examples.visualize.UpdateProbe;
import org.l2l4j.examples.visualize.Visualization;
import org.l2l4j.examples.visualize.VisualizationCharts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code l2l visualize}: what a learned optimizer proposes, next to tuned baselines (the paper's section 4). */
@Command(name = "visualize", sortOptions = false,
        description = {"Runs a learned optimizer on one test problem and, for chosen coordinates, records the updates it proposes "
                + "along its trajectory next to those the baselines (at their tuned learning rates) would propose from the same "
                + "gradients, their state advanced along that trajectory but their steps not taken (the paper's Figure 9); and, "
                + "at chosen steps, each optimizer's proposal as a function of the coordinate's current gradient, the history "
                + "fixed (Figure 10), computed on copies of the state so the trajectory is not disturbed. The whole step is "
                + "recomputed for each swept value, the other coordinates keeping their gradients: with LSTM+GAC the value also "
                + "enters the global averages, with NTM-L-BFGS the memory's writes and read, as if it had been observed.",
                "Writes DIR/visualize.json, DIR/updates.png / .svg (Figure 9) and DIR/sweeps.png / .svg (Figure 10). "
                        + "Baselines are tuned as l2l compare tunes them, for the same horizon (--steps), from the same cache."})
final class VisualizeCommand implements Callable<Integer> {
    static final String JSON = "visualize.json", UPDATES_PNG = "updates.png", UPDATES_SVG = "updates.svg",
            SWEEPS_PNG = "sweeps.png", SWEEPS_SVG = "sweeps.svg";
    static final int DEFAULT_COORDINATES = 2, DEFAULT_SWEEP_POINTS = 101;

    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--optimizer", required = true, paramLabel = "FILE|zoo:ID",
            description = "The learned optimizer: a trained-optimizer file or a zoo entry.")
    String optimizer;

    @Mixin ProblemOptions problem;

    @Mixin TuningOptions tuning;

    @Option(names = "--baselines", split = ",", converter = CompareCommand.BaselineConverter.class, paramLabel = "ID",
            defaultValue = "sgd,adam", description = "Baselines shown beside it, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<Baseline> baselines;

    @Option(names = "--steps", defaultValue = "100", paramLabel = "N",
            description = "Steps of the trajectory, and the horizon the baselines are tuned for. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seeds the test problems, as compare's --seed does. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--instance", defaultValue = "0", paramLabel = "K",
            description = "Which test problem: the K-th (0 = the first) of those compare runs with the same seed. Default: ${DEFAULT-VALUE}.")
    long instance;

    @Option(names = "--coordinates", split = ",", paramLabel = "I",
            description = "Coordinates to show (indices into the problem's parameters), comma-separated. Default: chosen by "
                    + "--coordinate-count.")
    List<Long> coordinates;

    @Option(names = "--coordinate-count", paramLabel = "K",
            description = "Without --coordinates, show K coordinates: of those whose gradient is ever non-zero, ordered by "
                    + "decreasing root-mean-square gradient along the trajectory, the ones at ranks round(k * m / K), "
                    + "k = 0 .. K-1, of the m (the busiest first, then spread evenly down the ranking). Default: 2.")
    Integer coordinateCount;

    @Option(names = "--sweep-steps", split = ",", paramLabel = "T",
            description = "Steps at which to sweep the gradient (0 = the first step), comma-separated. "
                    + "Default: 0, 1, N/10 and N/2.")
    List<Integer> sweepSteps;

    @Option(names = "--sweep-points", defaultValue = "" + DEFAULT_SWEEP_POINTS, paramLabel = "P",
            description = "Gradient values per sweep, evenly spaced (the observed gradient is added). Default: ${DEFAULT-VALUE}.")
    int sweepPoints;

    @Option(names = "--sweep-range", paramLabel = "W",
            description = "Sweep the gradient over [-W, W]. Default: per coordinate, W = 2 times the largest |gradient| it "
                    + "sees along the trajectory.")
    Double sweepRange;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the results.")
    Path out;

    @Override public Integer call() throws IOException {
        UpdateProbe.Settings settings = settings();
        List<Baseline> baselines = this.baselines.stream().distinct().toList();
        if (instance < 0) throw new ParameterException(spec.commandLine(), "--instance must be 0 or more, got " + instance);
        LearnedOptimizer learned = LearnedOptimizer.load(optimizer.trim());   // a missing file fails before any work
        if (baselines.stream().anyMatch(b -> b.id().equals(learned.name())))
            throw new ParameterException(spec.commandLine(), "the optimizer's name " + learned.name()
                    + " is taken by a baseline; give the file another name");
        BaselineTuner tuner = tuning.tuner(problem, steps);
        ProblemFamily family = problem.family();
        Backend.start();
        ProblemBatch test = family.sample(seed, Seeds.Purpose.TEST, instance, 1, BaselineTuner.TYPE);
        try {
            settings.checkCoordinates(test.dimension(), family.name());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        prepare(out);

        PrintWriter err = spec.commandLine().getErr();
        String trainedOn = learned.optimizer().provenance().problemFamily();
        if (!family.name().equals(trainedOn))
            err.println("warning: " + learned.name() + " was meta-trained on " + trainedOn + ", not " + family.name());
        long started = System.nanoTime();
        List<String> warnings = new ArrayList<>();
        Visualization v;
        try (ProgressBar bar = ProgressBars.start("visualize", tuner.candidates(baselines.size()) + settings.units())) {
            Progress progress = ProgressBars.of(bar);
            List<UpdateProbe.Reference> references = new ArrayList<>();
            for (Baseline b : baselines) {
                TunedBaseline t = tuner.tune(b, progress);
                if (t.best() == null) warnings.add("warning: " + b.id() + " diverged at every learning rate of the grid; left out");
                else references.add(new UpdateProbe.Reference(b.id(), t.bestSetting()));
            }
            var about = new Visualization.Instance(family.name(), family.settings(), "test", seed, instance, test.dimension());
            v = UpdateProbe.run(learned.name(), learned.optimizer(), test, about, references, settings, BaselineTuner.TYPE, progress);
            bar.setExtraMessage("");
        }
        warnings.forEach(err::println);
        err.flush();

        v.write(out.resolve(JSON));
        write(VisualizationCharts.updates(v), UPDATES_PNG, UPDATES_SVG);
        write(VisualizationCharts.sweeps(v), SWEEPS_PNG, SWEEPS_SVG);
        PrintWriter stdout = spec.commandLine().getOut();
        summary(v, stdout);
        stdout.printf(Locale.ROOT, "wrote %s, %s, %s, %s and %s in %s (%.1f s)%n", JSON, UPDATES_PNG, UPDATES_SVG, SWEEPS_PNG, SWEEPS_SVG,
                out, (System.nanoTime() - started) / 1e9);
        stdout.flush();
        return 0;
    }

    private UpdateProbe.Settings settings() {
        if (coordinates != null && coordinateCount != null)
            throw new ParameterException(spec.commandLine(), "give --coordinates or --coordinate-count, not both");
        try {
            return new UpdateProbe.Settings(steps,
                    coordinates == null ? null : coordinates.stream().mapToLong(Long::longValue).toArray(),
                    coordinateCount != null ? coordinateCount : DEFAULT_COORDINATES,
                    sweepSteps != null ? sweepSteps.stream().mapToInt(Integer::intValue).toArray()
                            : UpdateProbe.Settings.defaultSweepSteps(steps),
                    sweepPoints, sweepRange);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Checked before any work: an existing file is not overwritten by a directory, and the directory takes files. */
    private void prepare(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new ParameterException(spec.commandLine(), "--out " + dir + " exists and is not a directory");
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) throw new ParameterException(spec.commandLine(), "--out " + dir + " is not writable");
    }

    private void write(ChartGrid chart, String png, String svg) throws IOException {
        chart.writePng(out.resolve(png));
        chart.writeSvg(out.resolve(svg));
    }

    /** The coordinates shown, and whether every swept curve passes through the step actually taken. */
    private static void summary(Visualization v, PrintWriter out) {
        int sweeps = 0, off = 0;
        double worst = 0;
        for (Visualization.Coordinate c : v.coordinates()) {
            out.printf(Locale.ROOT, "coordinate %d: rank %d by RMS gradient (%.3g), sweeps over +-%.3g%n", c.index(), c.rank(),
                    c.rmsGradient(), c.sweepHalfWidth());
            for (Visualization.Sweep s : c.sweeps()) {
                double swept = s.updates().get(v.optimizer())[s.observedIndex()];
                sweeps++;
                if (Double.compare(swept, s.takenStep()) != 0) {
                    off++;
                    worst = Math.max(worst, Math.abs(swept - s.takenStep()));
                }
            }
        }
        if (off == 0) out.printf(Locale.ROOT, "the %d swept curves pass exactly through the steps taken at the observed gradients%n", sweeps);
        else out.printf(Locale.ROOT, "warning: %d of %d swept curves miss the step taken at the observed gradient, by up to %.3g%n",
                off, sweeps, worst);
    }
}
