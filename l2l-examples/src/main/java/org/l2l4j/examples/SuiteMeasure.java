package org.l2l4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.l2l4j.zoo.MeasuredResult;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * What a zoo entry records from {@code l2l suite}'s suite.json: the geometric mean over the suite's tasks of the
 * learned optimizer's final training loss divided by Adam's at 1e-3 (DL4J's default) on the same seeds. The
 * per-task numbers stay in suite.json and the entry's documentation.
 */
final class SuiteMeasure {
    private SuiteMeasure() {}

    static final String REFERENCE = "adam-default";

    static boolean isSuite(Path file) throws IOException {
        return read(file).has("tasks");
    }

    static MeasuredResult measured(Path file, String learnedName) throws IOException {
        JsonNode root = read(file);
        double logSum = 0;
        int tasks = 0;
        String learned = null;
        List<String> names = new ArrayList<>();
        long seeds = 0;
        for (JsonNode task : root.get("tasks")) {
            JsonNode mine = null, reference = null;
            List<String> candidates = new ArrayList<>();
            for (JsonNode r : task.get("results")) {
                String name = r.get("optimizer").asText();
                if (name.equals(REFERENCE)) reference = r;
                if ("learned".equals(r.get("kind").asText()) && (learnedName == null || name.equals(learnedName))) {
                    candidates.add(name);
                    mine = r;
                }
            }
            if (candidates.size() != 1)
                throw new IllegalArgumentException(file + ", task " + task.get("name").asText() + ": " + candidates.size()
                        + " learned optimizers" + (learnedName == null ? " (name one with --learned-name)" : " named " + learnedName));
            if (reference == null)
                throw new IllegalArgumentException(file + ", task " + task.get("name").asText() + ": no " + REFERENCE + " result");
            double ratio = finite(mine.get("finalLoss")) / finite(reference.get("finalLoss"));
            logSum += Math.log(ratio);   // a diverged run (null) gives NaN, and the entry records it
            tasks++;
            learned = candidates.get(0);
            names.add(task.get("name").asText());
            seeds = mine.get("seeds").size();
        }
        if (tasks == 0) throw new IllegalArgumentException(file + " holds no tasks");
        return new MeasuredResult("suite: final training loss / Adam 1e-3's, geometric mean over " + tasks + " tasks",
                Math.exp(logSum / tasks), "adam, lr 1e-3 (DL4J's default)", 1.0,
                String.format(Locale.ROOT, "l2l suite, tasks %s, %d seeds each; %s as published", String.join(", ", names), seeds,
                        learned));
    }

    private static double finite(JsonNode value) {
        return value == null || value.isNull() ? Double.NaN : value.asDouble();
    }

    private static JsonNode read(Path file) throws IOException {
        return ComparisonResults.readJson(file, "a results.json written by l2l compare or a suite.json written by l2l suite");
    }
}
