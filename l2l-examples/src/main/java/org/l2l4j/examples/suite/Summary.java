package org.l2l4j.examples.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The suite's results for people: per task, each optimizer's final loss and its ratios to default Adam and
 * to tuned Adam, the held-out metric, and the time per iteration and its ratio to default Adam; as a
 * markdown document and as aligned plain text.
 */
public final class Summary {
    private final SuiteResults results;

    public Summary(SuiteResults results) {
        this.results = results;
    }

    static final List<String> OVERVIEW = List.of("task", "optimizer", "final loss", "÷ Adam 1e-3", "÷ tuned Adam",
            "held-out", "s/iteration", "time ÷ Adam 1e-3");
    static final List<String> DETAIL = List.of("optimizer", "learning rate", "final loss ± s.e.", "÷ Adam 1e-3", "÷ tuned Adam",
            "held-out", "|θ|", "s/iteration", "updater s/iteration", "time ÷ Adam 1e-3");

    /** The learned optimizers against the baselines, one row per task and learned optimizer. */
    List<List<String>> overview() {
        List<List<String>> rows = new ArrayList<>();
        for (TaskResult t : results.tasks())
            for (OptimizerResult r : t.results())
                if (r.kind() == OptimizerResult.Kind.learned)
                    rows.add(List.of(t.name(), r.optimizer(), loss(r), lossRatio(r, t, SuiteBaseline.ADAM_DEFAULT),
                            lossRatio(r, t, SuiteBaseline.ADAM_TUNED), heldOut(r), seconds(r.secondsPerIteration()),
                            timeRatio(r, t)));
        return rows;
    }

    /** Every optimizer on one task. */
    List<List<String>> detail(TaskResult t) {
        List<List<String>> rows = new ArrayList<>();
        for (OptimizerResult r : t.results())
            rows.add(List.of(r.optimizer(), r.learningRate() == null ? "-" : number(r.learningRate()),
                    loss(r) + (Double.isFinite(r.finalLossStderr()) ? " ± " + String.format(Locale.ROOT, "%.2g", r.finalLossStderr()) : ""),
                    lossRatio(r, t, SuiteBaseline.ADAM_DEFAULT), lossRatio(r, t, SuiteBaseline.ADAM_TUNED), heldOut(r),
                    number(r.parameterNorm()), seconds(r.secondsPerIteration()), seconds(r.updaterSecondsPerIteration()), timeRatio(r, t)));
        return rows;
    }

    public String markdown() {
        StringBuilder s = new StringBuilder("# Suite results\n\n");
        s.append("Final loss: mean training loss of the last ").append(Suite.FINAL_WINDOW)
                .append(" iterations, mean over seeds ").append(results.settings().get("seeds"))
                .append("; ratios below 1 favour the optimizer in the row. Tuned baselines: learning rate chosen on tuning seeds ")
                .append(results.settings().get("tuningSeeds")).append(". Times: wall time per iteration of the fit, on ")
                .append(results.settings().getOrDefault("cores", "?")).append(" cores, native threads ")
                .append(results.settings().getOrDefault("nativeThreads", "?")).append(". |θ|: the L2 norm of the parameters ")
                .append("after training.\n\n").append(training());
        s.append(markdownTable(OVERVIEW, overview()));
        for (TaskResult t : results.tasks()) {
            s.append("\n## ").append(t.name()).append("\n\n").append(t.description()).append(" (").append(t.network()).append(", ")
                    .append(String.format(Locale.ROOT, "%,d", t.iterations())).append(" iterations, ")
                    .append(String.format(Locale.ROOT, "%,d", t.parameters())).append(" parameters)\n\n");
            s.append(markdownTable(DETAIL, detail(t)));
            List<String> penalties = new ArrayList<>();
            for (OptimizerResult r : t.results())
                if (Double.isFinite(r.regularization()) && r.regularization() > 0) penalties.add(r.optimizer() + " " + number(r.regularization()));
            if (!penalties.isEmpty())
                s.append("\nThe final losses include DL4J's regularization penalty, after training: ").append(String.join(", ", penalties))
                        .append(".\n");
            for (OptimizerResult r : t.results())
                for (Run run : r.runs())
                    if (run.diverged())
                        s.append("\n").append(r.optimizer()).append(", seed ").append(run.seed()).append(": diverged at iteration ")
                                .append(run.divergedAt()).append(" (").append(run.failure()).append(")\n");
        }
        return s.toString();
    }

    /** The learning-rate schedule and weight decay every optimizer was trained with, when the suite set them. */
    String training() {
        Object schedule = results.settings().get("learningRateSchedule"), decay = results.settings().get("weightDecay");
        StringBuilder s = new StringBuilder();
        if (schedule != null)
            s.append("Learning-rate schedule `").append(schedule).append("`: every optimizer's learning rate (a learned ")
                    .append("optimizer's step multiplier) times this multiplier at every iteration; tuned baselines were tuned with it. ");
        if (decay != null)
            s.append("Weight decay ").append(decay).append(" (DL4J's WeightDecay, times the learning rate) on the weights, not the ")
                    .append("biases, of every layer, for every optimizer; training losses include DL4J's penalty 0.5 c |W|^2. ");
        return s.isEmpty() ? "" : s.toString().strip() + "\n\n";
    }

    /** Aligned columns for a terminal: the overview, then each task's optimizers. */
    public String text() {
        StringBuilder s = new StringBuilder(training().replace("`", "")).append(textTable(OVERVIEW, overview()));
        for (TaskResult t : results.tasks()) {
            s.append("\n").append(t.name()).append(" (").append(String.format(Locale.ROOT, "%,d", t.iterations()))
                    .append(" iterations):\n").append(textTable(DETAIL, detail(t)));
        }
        return s.toString();
    }

    static String markdownTable(List<String> header, List<List<String>> rows) {
        StringBuilder s = new StringBuilder();
        s.append("| ").append(String.join(" | ", header)).append(" |\n|");
        s.append(" --- |".repeat(header.size())).append("\n");
        for (List<String> row : rows) s.append("| ").append(String.join(" | ", row)).append(" |\n");
        return s.toString();
    }

    static String textTable(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) width[c] = Math.max(width[c], row.get(c).length());
        }
        StringBuilder s = new StringBuilder();
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int c = 0; c < width.length; c++) {
                String cell = row.get(c);
                s.append(c == 0 || c == 1 ? String.format("%-" + width[c] + "s", cell) : String.format("%" + width[c] + "s", cell));
                s.append(c + 1 < width.length ? "  " : "\n");
            }
        }
        return s.toString();
    }

    private static Optional<OptimizerResult> baseline(TaskResult t, SuiteBaseline b) {
        return t.result(b.resultName());
    }

    private static String loss(OptimizerResult r) {
        if (r.diverged()) return "diverged (" + r.divergedSeeds().size() + " of " + r.seeds().size() + " seeds)";
        return number(r.finalLoss());
    }

    private static String lossRatio(OptimizerResult r, TaskResult t, SuiteBaseline against) {
        return baseline(t, against).map(b -> ratio(r.finalLoss(), b.finalLoss())).orElse("-");
    }

    private static String timeRatio(OptimizerResult r, TaskResult t) {
        return baseline(t, SuiteBaseline.ADAM_DEFAULT).map(b -> ratio(r.secondsPerIteration(), b.secondsPerIteration())).orElse("-");
    }

    private static String ratio(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b) || b == 0) return "-";
        return String.format(Locale.ROOT, a / b >= 100 ? "%.0f" : "%.3g", a / b);
    }

    private static String heldOut(OptimizerResult r) {
        var h = r.heldOut();
        if (!Double.isFinite(h.value())) return "-";
        String v = h.metric().equals(HeldOutMetric.ACCURACY.id()) ? String.format(Locale.ROOT, "%.1f%%", 100 * h.value())
                : "MSE " + number(h.value());
        return v;
    }

    private static String seconds(double s) {
        if (!Double.isFinite(s)) return "-";
        return s >= 0.01 ? String.format(Locale.ROOT, "%.3f", s) : String.format(Locale.ROOT, "%.2g", s);
    }

    private static String number(double x) {
        if (!Double.isFinite(x)) return "-";
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
