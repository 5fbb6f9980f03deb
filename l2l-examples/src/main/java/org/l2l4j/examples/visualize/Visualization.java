package org.l2l4j.examples.visualize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.core.util.DefaultPrettyPrinter;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * What {@code l2l visualize} writes to {@code visualize.json}: the instance, the loss along the learned
 * optimizer's trajectory, and for each chosen coordinate the gradient it read and every optimizer's proposal
 * at each step (Figure 9), and the sweeps (Figure 10). Steps count from 0: the proposal at step t is made
 * from the gradient at theta_t and moves theta_t to theta_{t+1}; {@code loss[t]} is the loss at theta_t.
 * Proposals are keyed by optimizer, the learned one first.
 *
 * @param optimizer    the learned optimizer as the user named it
 * @param architecture lstm, lstm-gac or ntm-lbfgs
 * @param trainedOn    the problem family it was meta-trained on
 * @param coordinates  how the coordinates were chosen, and what was recorded for each
 */
@JsonPropertyOrder({"optimizer", "architecture", "trainedOn", "instance", "steps", "baselines", "coordinateRule", "sweepRule",
        "loss", "coordinates"})
public record Visualization(String optimizer, String architecture, String trainedOn, Instance instance, int steps,
                            List<TunedRate> baselines, String coordinateRule, String sweepRule, double[] loss,
                            List<Coordinate> coordinates) {

    /** The problem instance: instance {@code index} of {@code split} drawn with {@code seed}, of {@code dimension} coordinates. */
    @JsonPropertyOrder({"problem", "settings", "split", "seed", "index", "dimension"})
    public record Instance(String problem, Map<String, Object> settings, String split, long seed, long index, long dimension) {}

    /** A baseline and the learning rate it was tuned to (tuning problems, never the instance shown). */
    @JsonPropertyOrder({"name", "learningRate"})
    public record TunedRate(String name, double learningRate) {}

    /**
     * @param rank          in the ordering by decreasing root-mean-square gradient (0 = the largest), -1 if its gradient stays 0
     * @param rmsGradient   root mean square of its gradient along the trajectory
     * @param gradient      the gradient read at steps 0 .. steps - 1
     * @param updates       each optimizer's proposal at those steps
     */
    @JsonPropertyOrder({"index", "rank", "rmsGradient", "sweepHalfWidth", "gradient", "updates", "sweeps"})
    public record Coordinate(long index, int rank, double rmsGradient, double sweepHalfWidth, double[] gradient,
                             Map<String, double[]> updates, List<Sweep> sweeps) {}

    /**
     * The proposals at step t as functions of this coordinate's gradient, the history fixed.
     *
     * @param observedGradient the gradient the trajectory read, which is {@code gradient[observedIndex]}
     * @param takenStep        the step the learned optimizer took on the trajectory: the learned curve at
     *                         {@code observedIndex} must equal it
     */
    @JsonPropertyOrder({"step", "observedGradient", "observedIndex", "takenStep", "gradient", "updates"})
    public record Sweep(int step, double observedGradient, int observedIndex, double takenStep, double[] gradient,
                        Map<String, double[]> updates) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Pretty-printed, each array on one line. */
    public void write(Path file) throws IOException {
        var printer = new DefaultPrettyPrinter().withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
        Files.write(file, JSON.writer(printer).writeValueAsBytes(this));
    }
}
