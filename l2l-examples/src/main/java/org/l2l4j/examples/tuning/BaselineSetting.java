package org.l2l4j.examples.tuning;

import java.util.Objects;
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.core.baseline.BaselineRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * One candidate of a baseline search: the optimizer, its learning rate and the ND4J updater Arbiter built
 * for it (the learning rate inside, except AdaDelta's, which multiplies the update: {@link Baseline}).
 * Serializable because Arbiter serializes every candidate value.
 */
public record BaselineSetting(Baseline baseline, double learningRate, IUpdater updater) implements java.io.Serializable {

    public BaselineSetting {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(updater, "updater");
    }

    /** The optimizer as a step rule on n coordinates, with fresh state. */
    public BaselineRule rule(long n, DataType type) {
        return new BaselineRule(updater, baseline.updateMultiplier(learningRate), n, type);
    }
}
