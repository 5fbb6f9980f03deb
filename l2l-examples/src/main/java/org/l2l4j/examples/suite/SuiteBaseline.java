package org.l2l4j.examples.suite;

import java.util.Arrays;
import org.l2l4j.core.baseline.Baseline;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The baselines a DL4J user would pick: Adam at DL4J's default learning rate, and Adam and SGD with
 * Nesterov momentum (0.9) with the learning rate tuned per task over a coarse log grid (factors of about 3).
 */
public enum SuiteBaseline {
    ADAM_DEFAULT("adam-default", null, null),
    ADAM_TUNED("adam", Baseline.ADAM, new double[]{1e-4, 3e-4, 1e-3, 3e-3, 1e-2}),
    NAG_TUNED("nag", Baseline.NAG, new double[]{1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1});

    /** DL4J's default Adam: learning rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8. */
    public static final double DEFAULT_ADAM_LEARNING_RATE = new Adam().getLearningRate();

    private final String id;
    private final Baseline tuned;
    private final double[] grid;

    SuiteBaseline(String id, Baseline tuned, double[] grid) {
        this.id = id;
        this.tuned = tuned;
        this.grid = grid;
    }

    public String id() { return id; }

    /** The name in results: adam-default, adam-tuned, nag-tuned. */
    public String resultName() { return tuned == null ? id : id + "-tuned"; }

    /** The hand-designed optimizer whose learning rate is tuned; null for the fixed default. */
    Baseline tunedBaseline() { return tuned; }

    public boolean isTuned() { return tuned != null; }

    public double[] grid() { return grid == null ? new double[0] : grid.clone(); }

    /** The fixed default's updater (a tuned baseline's comes from its search). */
    IUpdater defaultUpdater() { return new Adam(DEFAULT_ADAM_LEARNING_RATE, 0.9, 0.999, 1e-8); }

    public static SuiteBaseline byId(String id) {
        for (SuiteBaseline b : values()) if (b.id.equalsIgnoreCase(id.trim()) || b.resultName().equalsIgnoreCase(id.trim())) return b;
        throw new IllegalArgumentException("unknown baseline '" + id + "'; known: " + Arrays.toString(
                Arrays.stream(values()).map(SuiteBaseline::id).toArray()));
    }
}
