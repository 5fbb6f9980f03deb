package org.l2l4j.examples;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.core.util.DefaultPrettyPrinter;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * What {@code l2l compare} writes to {@code results.json}: every optimizer's mean loss per step (index
 * 0 is the initial loss) with its standard error, on the same test instances, and each instance's final
 * loss (in instance order), so that optimizers can be compared problem by problem. {@code split} says which
 * instances: "test", or "validation" when trained optimizers are being chosen (null in older files: test).
 */
@JsonPropertyOrder({"problem", "steps", "testProblems", "seed", "split", "optimizers"})
record ComparisonResults(String problem, int steps, int testProblems, long seed, String split, List<OptimizerResult> optimizers) {

    enum Kind { learned, baseline }

    /**
     * @param learningRate the tuned rate of a baseline; null for a learned optimizer, which is not tuned
     * @param finalLosses  each test instance's loss at the last step (null in files written before it existed)
     */
    @JsonPropertyOrder({"name", "kind", "learningRate", "meanLoss", "stderrLoss", "finalLoss", "finalLosses"})
    record OptimizerResult(String name, Kind kind, Double learningRate, double[] meanLoss, double[] stderrLoss,
                           double finalLoss, double[] finalLosses) {}

    /** The baseline with the lowest finite final loss, if any. */
    java.util.Optional<OptimizerResult> bestBaseline() {
        return optimizers.stream().filter(o -> o.kind() == Kind.baseline && Double.isFinite(o.finalLoss()))
                .min(java.util.Comparator.comparingDouble(OptimizerResult::finalLoss));
    }

    /**
     * Mean and standard error of a's final loss minus b's over the same test instances: the paired
     * comparison, far tighter than the two unpaired errors when the instances differ much in difficulty.
     */
    static double[] pairedDifference(OptimizerResult a, OptimizerResult b) {
        double[] x = a.finalLosses(), y = b.finalLosses();
        if (x == null || y == null || x.length != y.length || x.length < 2)
            throw new IllegalArgumentException("a paired comparison needs both optimizers' final losses on the same instances");
        double mean = 0;
        for (int i = 0; i < x.length; i++) mean += (x[i] - y[i]) / x.length;
        double squares = 0;
        for (int i = 0; i < x.length; i++) squares += Math.pow(x[i] - y[i] - mean, 2);
        return new double[]{mean, Math.sqrt(squares / (x.length - 1) / x.length)};
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(org.nd4j.shade.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A JSON file as a tree, or an error that names the file and says in words why it is not {@code what}. */
    static JsonNode readJson(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) throw new FileNotFoundException(file + " is a directory, not " + what);
        if (!Files.exists(file)) throw new FileNotFoundException("no results file at " + file);
        try {
            JsonNode tree = JSON.readTree(file.toFile());
            if (tree == null || tree.isMissingNode()) throw new IOException(file + " is not " + what + ": it is empty");
            return tree;
        } catch (JsonProcessingException e) {
            throw notA(file, what, e);
        }
    }

    private static IOException notA(Path file, String what, JsonProcessingException e) {
        var at = e.getLocation();
        return new IOException(file + " is not " + what + ": " + e.getOriginalMessage()
                + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
    }

    /** Reads a results.json; anything else is refused with a message naming the file and what is wrong with it. */
    static ComparisonResults read(Path file) throws IOException {
        String what = "a results.json written by l2l compare";
        ComparisonResults r;
        try {
            r = JSON.treeToValue(readJson(file, what), ComparisonResults.class);
        } catch (JsonProcessingException e) {
            throw notA(file, what, e);
        }
        if (r == null || r.optimizers() == null || r.problem() == null)
            throw new IOException(file + " is not " + what + ": it has no \"problem\" or no \"optimizers\"");
        return r;
    }

    /** Pretty-printed, but each loss curve on one line: a file of 101-line arrays is unreadable. */
    void write(Path file) throws IOException {
        var printer = new DefaultPrettyPrinter().withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
        Files.write(file, JSON.writer(printer).writeValueAsBytes(this));
    }
}
