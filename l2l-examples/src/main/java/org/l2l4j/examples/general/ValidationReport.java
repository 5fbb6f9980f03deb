package org.l2l4j.examples.general;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.core.host.NativeThreads;
import org.l2l4j.core.host.Workers;
import org.l2l4j.core.metatrain.RelativeToReference;
import org.l2l4j.core.metatrain.Validation;
import org.l2l4j.examples.mnist.MnistDigits;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What selection among trained general optimizers looks at: each optimizer (at several step multipliers) and
 * Adam (at several learning rates) on {@link GeneralTasks#selection} (the validation tasks and a wide linear network),
 * each score the mean log tail-loss ratio to Adam at 1e-3 (a task behind Adam counted 4 times), the worst task's
 * ratio, and the ratio per task. Validation digits and generated data only; never the test digits or the suite.
 *
 * <p>{@code java -cp l2l.jar org.l2l4j.examples.general.ValidationReport OUT.json FILE[@m1,m2,...] ...}
 */
public final class ValidationReport {
    private ValidationReport() {}

    static final double[] ADAM_RATES = {1e-3, 3e-3, 1e-2, 3e-2};

    record Row(String optimizer, double multiplier, double score, double[] ratios) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) throw new IllegalArgumentException("usage: ValidationReport OUT.json [FILE[@m1,m2,...] ...]");
        NativeThreads.singleThreaded();
        MnistDigits digits = MnistDigits.bundled();
        RelativeToReference validation = GeneralTasks.selection(digits, 1, DataType.FLOAT);
        List<Row> rows = new ArrayList<>();
        Workers pool = Workers.shared();
        {
            for (double rate : ADAM_RATES) rows.add(row(validation, "adam " + rate, 1, GeneralTasks.adam(rate), pool));
            for (int i = 1; i < args.length; i++) {
                String[] parts = args[i].split("@");
                TrainedOptimizer optimizer = TrainedOptimizerFile.read(Path.of(parts[0]));
                double[] multipliers = parts.length > 1
                        ? java.util.Arrays.stream(parts[1].split(",")).mapToDouble(Double::parseDouble).toArray() : new double[]{1};
                for (double m : multipliers) rows.add(row(validation, parts[0], m, scaled(optimizer, m), pool));
            }
        }
        var out = new StringBuilder(String.format(Locale.ROOT, "%-40s %5s %7s %7s", "optimizer", "mult", "score", "worst"));
        for (var t : validation.tasks()) out.append(String.format(Locale.ROOT, " %12.12s", t.name()));
        out.append('\n');
        for (Row r : rows) {
            double worst = java.util.Arrays.stream(r.ratios()).max().orElse(Double.NaN);
            out.append(String.format(Locale.ROOT, "%-40.40s %5.2f %7.3f %7.3f", r.optimizer(), r.multiplier(), r.score(), worst));
            for (double ratio : r.ratios()) out.append(String.format(Locale.ROOT, " %12.3f", ratio));
            out.append('\n');
        }
        System.out.print(out);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tasks", validation.tasks().stream().map(RelativeToReference.Task::name).toList());
        json.put("score", "mean over tasks of ln(tail loss / Adam 1e-3's tail loss); ratios per task");
        json.put("rows", rows);
        Files.write(Path.of(args[0]), TrainedOptimizerFile.JSON.writeValueAsBytes(json));
    }

    private static Row row(RelativeToReference validation, String name, double multiplier, Validation.Frozen rule,
                           Workers pool) {
        double score = validation.score(rule, pool);
        return new Row(name, multiplier, score, validation.lastRatios());
    }

    /** The optimizer with its step times m, as LearnedUpdater's learning rate applies it. */
    static Validation.Frozen scaled(TrainedOptimizer optimizer, double m) {
        return batch -> {
            var rule = optimizer.newStepRule(batch.instances() * batch.dimension(), batch.dimension(),
                    batch.initialParameters().dataType());
            return (g, t, step) -> {
                rule.propose(g, t, step);
                step.muli(m);
            };
        };
    }
}
