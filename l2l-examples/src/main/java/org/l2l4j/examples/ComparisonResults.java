package org.l2l4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.core.util.DefaultPrettyPrinter;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * What {@code l2l compare} writes to {@code results.json}: every optimizer's mean loss per step (index
 * 0 is the initial loss) with its standard error, on the same test instances.
 */
@JsonPropertyOrder({"problem", "steps", "testProblems", "seed", "optimizers"})
record ComparisonResults(String problem, int steps, int testProblems, long seed, List<OptimizerResult> optimizers) {

    enum Kind { learned, baseline }

    /** @param learningRate the tuned rate of a baseline; null for a learned optimizer, which is not tuned */
    @JsonPropertyOrder({"name", "kind", "learningRate", "meanLoss", "stderrLoss", "finalLoss"})
    record OptimizerResult(String name, Kind kind, Double learningRate, double[] meanLoss, double[] stderrLoss,
                           double finalLoss) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(org.nd4j.shade.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static ComparisonResults read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ComparisonResults.class);
    }

    /** Pretty-printed, but each loss curve on one line: a file of 101-line arrays is unreadable. */
    void write(Path file) throws IOException {
        var printer = new DefaultPrettyPrinter().withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
        Files.write(file, JSON.writer(printer).writeValueAsBytes(this));
    }
}
