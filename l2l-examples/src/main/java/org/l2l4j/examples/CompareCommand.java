package org.l2l4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.examples.ComparisonResults.Kind;
import org.l2l4j.examples.ComparisonResults.OptimizerResult;
import org.l2l4j.core.problem.art.NeuralArtFamily;
import org.l2l4j.examples.art.ArtFigures;
import org.l2l4j.examples.plot.LineChart;
import org.l2l4j.examples.tuning.BaselineTuner;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code l2l compare}: learned optimizers against tuned baselines on the same test problems. */
@Command(name = "compare", sortOptions = false,
        description = {"Runs learned optimizers and hand-designed baselines on the same freshly sampled test problems "
                + "and writes DIR/results.json, DIR/curves.png and DIR/curves.svg; for art also DIR/triples-NAME.png "
                + "(content, styled and style image of the first test problems, for each learned optimizer).",
                "Each baseline's learning rate is the grid point with the best mean final loss on separate tuning "
                        + "problems (never the test problems), found by Arbiter as l2l tune does and reused from its cache; "
                        + "learned optimizers are not tuned."})
final class CompareCommand implements Callable<Integer> {
    static final String RESULTS = "results.json", PNG = "curves.png", SVG = "curves.svg";
    /** Instances shown as content / styled / style rows for neural art. */
    static final int TRIPLES = 3;
    /** The curves' y axis stops at Y_CUT times the starting loss when a curve climbs above Y_BLOW_UP times it. */
    static final double Y_CUT = 3, Y_BLOW_UP = 10;

    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Mixin ProblemOptions problem;

    @Mixin TuningOptions tuning;

    @Mixin DownloadOptions download;

    @Option(names = "--optimizer", split = ",", paramLabel = "FILE|zoo:ID",
            description = "Learned optimizers: trained-optimizer files or zoo entries, comma-separated; for conv also the "
                    + "files of optimizers meta-trained together on its parameter groups (one for the convolutional, one "
                    + "for the fully-connected layers).")
    List<String> optimizers = new ArrayList<>();

    @Option(names = "--baselines", split = ",", converter = BaselineConverter.class, paramLabel = "ID",
            defaultValue = "sgd,nag,rmsprop,adam,adadelta,adagrad,rprop",
            description = "Baselines, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<Baseline> baselines;

    @Option(names = "--steps", paramLabel = "N",
            description = "Optimization steps per problem. Default: 100 (quadratic, mnist), 128 (art), 1000 (conv).")
    Integer steps;

    @Option(names = "--test-problems", paramLabel = "N",
            description = "Test problems every optimizer runs on. Default: 100 (quadratic), 50 (mnist), 20 (art), 10 (conv).")
    Integer testProblems;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seeds the test problems. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|validation|training",
            description = "Instances to run on: test, validation to choose among trained optimizers without "
                    + "touching test data, or (conv) training: fresh test networks on the meta-training images, the "
                    + "paper's Figure 7 left panel. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the results.")
    Path out;

    private Seeds.Purpose split() {
        return switch (split.trim().toLowerCase(Locale.ROOT)) {
            case "test" -> Seeds.Purpose.TEST;
            case "validation" -> Seeds.Purpose.VALIDATION;
            case "training" -> {
                if (problem.problem() != Problem.CONV)
                    throw new ParameterException(spec.commandLine(), "--split training applies to conv (the paper's Figure 7, "
                            + "left panel: fresh networks on the meta-training images), not to " + problem.problem().id());
                yield Seeds.Purpose.TEST;
            }
            default -> throw new ParameterException(spec.commandLine(), "unknown split '" + split + "': test, validation or training");
        };
    }

    /** "test" or "validation": what the numbers printed and plotted are measured on. */
    private static String splitName(ComparisonResults results) {
        return results.split() == null ? "test" : results.split();
    }

    @Override public Integer call() throws IOException {
        problem.requirePaperProblem("compare");
        OutputPaths.directory(spec.commandLine(), "--out", out, RESULTS, PNG, SVG);
        int tests = testProblems != null ? testProblems : problem.problem().testProblems();
        int steps = this.steps != null ? this.steps : problem.problem().steps();
        Seeds.Purpose purpose = split();
        boolean trainingImages = split.trim().equalsIgnoreCase("training");
        // the baselines are tuned on the ordinary family's tuning networks either way; only the test networks' images change
        ProblemFamily family = trainingImages ? problem.build(problem.recipe().withTestOnTrainingImages()) : problem.family();
        var settings = new Comparison.Settings(family, positive("--steps", steps), positive("--test-problems", tests), seed,
                purpose, trainingImages ? "training" : purpose.name().toLowerCase(Locale.ROOT));
        var tuner = tuning.tuner(problem, steps);
        List<Baseline> baselines = this.baselines.stream().distinct().toList();
        if (spec.commandLine().getParseResult().hasMatchedOption("--optimizer") && optimizers.stream().allMatch(String::isBlank))
            throw new ParameterException(spec.commandLine(), "--optimizer names no optimizer; give a trained-optimizer file "
                    + "or zoo:ID (leave the option out to compare the baselines alone)");
        download.apply(spec.commandLine());
        List<LearnedOptimizer> learned = loadLearned(baselines);   // before any work: a missing file fails at once
        Files.createDirectories(out);
        Backend.start();

        long started = System.nanoTime();
        List<String> warnings = new ArrayList<>();   // printed after the progress bar, not through it
        var comparison = new Comparison(settings, tuner, warnings::add, Runtime.getRuntime().availableProcessors());
        ComparisonResults results;
        try (ProgressBar bar = ProgressBars.start("compare", comparison.rollouts(learned.size(), baselines.size()))) {
            results = comparison.run(learned, baselines, ProgressBars.of(bar));
            bar.setExtraMessage("");
        }
        PrintWriter err = spec.commandLine().getErr();
        warnings.forEach(err::println);
        err.flush();
        results.write(out.resolve(RESULTS));
        LineChart chart = chart(results);
        chart.writePng(out.resolve(PNG));
        chart.writeSvg(out.resolve(SVG));

        List<String> figures = problem.family() instanceof NeuralArtFamily art ? triples(art, learned, steps) : List.of();

        PrintWriter stdout = spec.commandLine().getOut();
        table(results, stdout);
        stdout.printf(Locale.ROOT, "wrote %s, %s and %s%s in %s (%.1f s)%n", RESULTS, PNG, SVG,
                figures.isEmpty() ? "" : " and " + String.join(", ", figures), out, (System.nanoTime() - started) / 1e9);
        stdout.flush();
        // a learned optimizer whose loss is not finite failed the comparison: the files stay, the exit code says it
        List<String> failed = new ArrayList<>();
        for (OptimizerResult r : results.optimizers())
            divergence(r, results).ifPresent(d -> {
                if (r.kind() == Kind.learned) failed.add(d);
                else err.println("warning: " + d);
            });
        if (failed.isEmpty()) return 0;
        err.println(spec.qualifiedName() + ": " + String.join("; ", failed));
        err.flush();
        return 1;
    }

    /** "zoo:mnist diverged: its loss is not finite on 3 of 3 test problems at step 20 (the mean's from step 13)". */
    static Optional<String> divergence(OptimizerResult r, ComparisonResults results) {
        long bad = r.finalLosses() == null ? 0 : Arrays.stream(r.finalLosses()).filter(v -> !Double.isFinite(v)).count();
        if (bad == 0 && Double.isFinite(r.finalLoss())) return Optional.empty();
        int from = 0;
        while (from < r.meanLoss().length && Double.isFinite(r.meanLoss()[from])) from++;
        return Optional.of(String.format(Locale.ROOT, "%s diverged: its loss is not finite on %d of %d %s problems at "
                + "step %d (the mean's from step %d)", r.name(), bad, results.testProblems(), splitName(results), results.steps(), from));
    }

    /**
     * Neural art (the paper's Figure 6): for each learned optimizer, content | styled | style for the first
     * test instances, styled by that optimizer in the comparison's number of steps.
     */
    private List<String> triples(NeuralArtFamily art, List<LearnedOptimizer> learned, int steps) throws IOException {
        List<String> files = new ArrayList<>();
        int count = Math.min(TRIPLES, testProblems != null ? testProblems : problem.problem().testProblems());
        for (LearnedOptimizer l : learned) {
            var styled = ArtFigures.styled(art, seed, split(), steps, count,
                    part -> l.optimizer().newStepRule(part.instances() * part.dimension(), part.dimension(), BaselineTuner.TYPE), BaselineTuner.TYPE);
            String file = "triples-" + l.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
            ArtFigures.writePng(ArtFigures.triples(art, seed, split(), styled), out.resolve(file));
            files.add(file);
        }
        return files;
    }

    private int positive(String option, int value) {
        if (value < 1) throw new ParameterException(spec.commandLine(), option + " must be at least 1, got " + value);
        return value;
    }

    /**
     * Named as given: a zoo id, or the file name (the path as given when the file name is taken by another
     * file or a baseline).
     */
    private List<LearnedOptimizer> loadLearned(List<Baseline> baselines) throws IOException {
        List<LearnedOptimizer> learned = new ArrayList<>();
        Set<String> names = new HashSet<>();
        baselines.forEach(b -> names.add(b.id()));
        for (String source : optimizers) {
            if (source.isBlank()) continue;
            LearnedOptimizer l = LearnedOptimizer.loadSingleOrGrouped(source.trim());
            if (!names.add(l.name())) {
                if (!names.add(source.trim()))
                    throw new ParameterException(spec.commandLine(), "the name " + source
                            + " is taken by a baseline or another --optimizer; give that file another path");
                l = l.named(source.trim());
            }
            learned.add(l);
        }
        return learned;
    }

    static LineChart chart(ComparisonResults results) {
        // every optimizer starts from the same problems, so at the same mean loss; one that first blows up (Rprop on
        // neural art: 10^4 times the start) would squash the others into the bottom of a log axis, a smaller overshoot
        // is shown whole
        double start = 0, top = 0;
        for (OptimizerResult r : results.optimizers()) {
            if (Double.isFinite(r.meanLoss()[0])) start = Math.max(start, r.meanLoss()[0]);
            for (double v : r.meanLoss()) if (Double.isFinite(v)) top = Math.max(top, v);
        }
        boolean cut = start > 0 && top > Y_BLOW_UP * start;
        var chart = new LineChart(results.problem() + ": mean loss over " + results.testProblems() + " " + splitName(results) + " problems"
                + (cut ? " (axis cut at " + (int) Y_CUT + "x the start)" : ""), "step", "mean loss", true);
        if (cut) chart.yAxisMax(Y_CUT * start);
        for (OptimizerResult r : results.optimizers())
            chart.add(r.name(), r.meanLoss(), r.kind() == Kind.learned ? LineChart.Style.SOLID : LineChart.Style.DASHED);
        return chart;
    }

    private static void table(ComparisonResults results, PrintWriter out) {
        int width = Math.max(9, results.optimizers().stream().mapToInt(r -> r.name().length()).max().orElse(0));
        String row = "%-" + width + "s  %-8s  %13s  %s%n";
        out.printf(Locale.ROOT, row, "optimizer", "kind", "learning rate", "final loss (mean ± s.e.)");
        for (OptimizerResult r : results.optimizers()) {
            double se = r.stderrLoss()[r.stderrLoss().length - 1];
            out.printf(Locale.ROOT, row, r.name(), r.kind(),
                    r.learningRate() == null ? "-" : String.format(Locale.ROOT, "%.4g", r.learningRate()),
                    String.format(Locale.ROOT, "%.4g ± %.2g", r.finalLoss(), se));
        }
        var best = results.bestBaseline();
        if (best.isEmpty() || results.testProblems() < 2) return;
        for (OptimizerResult r : results.optimizers()) {
            if (r.kind() != Kind.learned) continue;
            double[] d = ComparisonResults.pairedDifference(r, best.get());
            out.printf(Locale.ROOT, "%s minus the best baseline (%s), paired over the %d %s problems: %+.4g ± %.2g%n",
                    r.name(), best.get().name(), results.testProblems(), splitName(results), d[0], d[1]);
        }
    }

    static final class BaselineConverter implements ITypeConverter<Baseline> {
        @Override public Baseline convert(String value) {
            try {
                return Baseline.byId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
