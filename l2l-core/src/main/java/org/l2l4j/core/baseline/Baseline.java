package org.l2l4j.core.baseline;

import java.util.Arrays;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The paper's hand-designed baselines, as ND4J's own updaters (Rprop, which ND4J lacks, is ours).
 * Hyperparameters other than the learning rate keep their usual defaults.
 */
public enum Baseline {
    SGD("sgd"), NAG("nag"), RMSPROP("rmsprop"), ADAM("adam"), ADADELTA("adadelta"), ADAGRAD("adagrad"), RPROP("rprop");

    private final String id;

    Baseline(String id) { this.id = id; }

    /** Lower-case name used on the command line and in results. */
    public String id() { return id; }

    /**
     * The updater at the given learning rate. ND4J's AdaDelta has no learning rate; as in Torch7 and
     * Keras, {@link BaselineRule} multiplies its update by one, so the grid applies to it too.
     */
    public IUpdater updater(double learningRate) {
        return switch (this) {
            case SGD -> new Sgd(learningRate);
            case NAG -> new Nesterovs(learningRate, 0.9);
            case RMSPROP -> new RmsProp(learningRate);
            case ADAM -> new Adam(learningRate, 0.9, 0.999, 1e-8);
            case ADADELTA -> new AdaDelta();
            case ADAGRAD -> new AdaGrad(learningRate);
            case RPROP -> new Rprop(learningRate);
        };
    }

    /** Whether the learning rate is applied outside ND4J's updater, as a multiplier of its update (AdaDelta). */
    public boolean scalesUpdate() { return this == ADADELTA; }

    /** What the update of {@link #updater} is multiplied by: the learning rate where it is applied outside. */
    public double updateMultiplier(double learningRate) { return scalesUpdate() ? learningRate : 1; }

    public static Baseline byId(String id) {
        for (Baseline b : values()) if (b.id.equalsIgnoreCase(id.trim())) return b;
        throw new IllegalArgumentException("unknown baseline '" + id + "'; known: " + Arrays.toString(
                Arrays.stream(values()).map(Baseline::id).toArray()));
    }
}
