package org.l2l4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.examples.plot.LineChart;
import org.l2l4j.examples.tuning.BaselineTuner;
import org.l2l4j.examples.tuning.TunedBaseline;
import org.l2l4j.examples.tuning.TuningResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code l2l tune}: the paper's learning-rate search for hand-designed optimizers, run by Arbiter. */
@Command(name = "tune", sortOptions = false,
        description = {"Tunes the learning rate of hand-designed optimizers on a problem family with Arbiter: every grid "
                + "point is scored by the mean final loss on tuning problems (never test problems), one candidate per core.",
                "Writes DIR/tuning.json and DIR/tuning.png / .svg (final loss against learning rate). Finished searches "
                        + "are cached and reused by later tune and compare runs with the same settings."})
final class TuneCommand implements Callable<Integer> {
    static final String JSON = "tuning.json", PNG = "tuning.png", SVG = "tuning.svg";

    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Mixin ProblemOptions problem;

    @Mixin TuningOptions tuning;

    @Option(names = "--optimizers", split = ",", converter = CompareCommand.BaselineConverter.class, paramLabel = "ID",
            defaultValue = "sgd,nag,rmsprop,adam,adadelta,adagrad,rprop",
            description = "Optimizers to tune, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<Baseline> optimizers;

    @Option(names = "--steps", paramLabel = "N",
            description = "Horizon: candidates are scored by the mean loss after N steps. Default: 100 (quadratic, mnist), 128 (art).")
    Integer steps;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the results.")
    Path out;

    @Override public Integer call() throws IOException {
        problem.requirePaperProblem("tune");
        int steps = this.steps != null ? this.steps : problem.problem().steps();
        if (steps < 1) throw new ParameterException(spec.commandLine(), "--steps must be at least 1, got " + steps);
        OutputPaths.directory(spec.commandLine(), "--out", out, JSON, PNG, SVG);
        List<Baseline> baselines = optimizers.stream().distinct().toList();
        BaselineTuner tuner = tuning.tuner(problem, steps);
        Files.createDirectories(out);
        Backend.start();
        long started = System.nanoTime();
        TuningResults results;
        try (ProgressBar bar = ProgressBars.start("tune", tuner.candidates(baselines.size()))) {
            results = tuner.tuneAll(baselines, ProgressBars.of(bar));
            bar.setExtraMessage("");
        }
        results.write(out.resolve(JSON));
        LineChart chart = results.chart();
        chart.writePng(out.resolve(PNG));
        chart.writeSvg(out.resolve(SVG));
        PrintWriter stdout = spec.commandLine().getOut();
        table(results, stdout);
        stdout.printf(Locale.ROOT, "wrote %s, %s and %s in %s (%.1f s)%n", JSON, PNG, SVG, out, (System.nanoTime() - started) / 1e9);
        stdout.flush();
        return 0;
    }

    private static void table(TuningResults results, PrintWriter out) {
        String row = "%-9s  %13s  %12s  %s%n";
        out.printf(Locale.ROOT, row, "optimizer", "learning rate", "final loss", "diverged");
        for (TunedBaseline t : results.optimizers()) {
            long diverged = t.candidates().stream().filter(c -> c.score() == null).count();
            String of = diverged + " of " + t.candidates().size();
            if (t.best() == null) out.printf(Locale.ROOT, row, t.name(), "-", "-", of);
            else out.printf(Locale.ROOT, row, t.name(), String.format(Locale.ROOT, "%.4g", t.best().learningRate()),
                    String.format(Locale.ROOT, "%.4g", t.best().score()), of);
        }
    }
}
