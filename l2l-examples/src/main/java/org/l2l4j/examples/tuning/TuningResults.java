package org.l2l4j.examples.tuning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.l2l4j.examples.plot.LineChart;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** What {@code l2l tune} writes: {@code tuning.json} and a plot of final loss against learning rate. */
@JsonPropertyOrder({"problem", "instances", "steps", "seed", "optimizers"})
public record TuningResults(String problem, int instances, int steps, long seed, List<TunedBaseline> optimizers) {
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public void write(Path file) throws IOException {
        Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }

    public static TuningResults read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), TuningResults.class);
    }

    /** Mean final loss against learning rate, one line per optimizer; diverged candidates are gaps. */
    public LineChart chart() {
        var chart = new LineChart(problem + ": mean loss after " + steps + " steps on " + instances + " tuning problems",
                "learning rate", "mean final loss", true).logXWithMarkers();
        for (TunedBaseline t : optimizers) {
            double[] x = t.candidates().stream().mapToDouble(BaselineSearch.Candidate::learningRate).toArray();
            double[] y = t.candidates().stream().mapToDouble(c -> c.score() == null ? Double.NaN : c.score()).toArray();
            chart.add(t.name(), x, y, LineChart.Style.SOLID);
        }
        return chart;
    }
}
