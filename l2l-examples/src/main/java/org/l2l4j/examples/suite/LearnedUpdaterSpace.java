package org.l2l4j.examples.suite;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.arbiter.conf.updater.BaseUpdaterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.l2l4j.dl4j.LearnedUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Arbiter's search space of learned optimizers, for a user's own {@code MultiLayerSpace} or
 * {@code ComputationGraphSpace} beside Arbiter's {@code AdamSpace}:
 * {@code new MultiLayerSpace.Builder().updater(new LearnedUpdaterSpace(List.of("zoo:mnist", "zoo:quadratic"),
 * new ContinuousParameterSpace(new LogUniformDistribution(0.1, 1))))}. Its two hyperparameters are the
 * trained optimizer (a zoo entry {@code zoo:ID} or a trained-optimizer file) and the multiplier of its
 * learned step ({@link LearnedUpdater}'s learning rate, 1 = as meta-trained).
 *
 * <p>Arbiter 1.0.0-beta7's traps are avoided as in the baseline spaces: one optimizer or one multiplier is a
 * {@link FixedValue} (a one-valued DiscreteParameterSpace breaks Arbiter's indexing).
 */
public final class LearnedUpdaterSpace extends BaseUpdaterSpace {
    private static final long serialVersionUID = 1L;
    private static final String ZOO = "zoo:";

    @JsonProperty private ParameterSpace<String> optimizer;
    @JsonProperty private ParameterSpace<Double> learningRate;
    /** Optimizers already read, by source: every candidate of a search would otherwise parse them again. */
    private transient Map<String, LearnedUpdater> resolved;

    /** The given optimizers (zoo:ID or file paths), each at its meta-trained step (multiplier 1). */
    public LearnedUpdaterSpace(List<String> optimizers) {
        this(optimizers, new FixedValue<>(LearnedUpdater.DEFAULT_LEARNING_RATE));
    }

    public LearnedUpdaterSpace(List<String> optimizers, ParameterSpace<Double> learningRate) {
        this(choice(optimizers), learningRate);
    }

    public LearnedUpdaterSpace(ParameterSpace<String> optimizer, ParameterSpace<Double> learningRate) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.learningRate = Objects.requireNonNull(learningRate, "learningRate");
    }

    /** For Jackson. */
    private LearnedUpdaterSpace() {}

    private static ParameterSpace<String> choice(List<String> optimizers) {
        if (optimizers.isEmpty()) throw new IllegalArgumentException("a learned-updater space needs at least one optimizer");
        for (String o : optimizers)
            if (o == null || o.isBlank()) throw new IllegalArgumentException("blank optimizer in " + optimizers);
        return optimizers.size() == 1 ? new FixedValue<>(optimizers.get(0)) : new DiscreteParameterSpace<>(optimizers.toArray(String[]::new));
    }

    @Override public IUpdater getValue(double[] parameterValues) {
        String source = optimizer.getValue(parameterValues);
        double multiplier = learningRate.getValue(parameterValues);
        return resolve(source).withLearningRate(multiplier);
    }

    private synchronized LearnedUpdater resolve(String source) {
        if (resolved == null) resolved = new ConcurrentHashMap<>();
        return resolved.computeIfAbsent(source, s -> s.startsWith(ZOO) ? LearnedUpdater.fromZoo(s.substring(ZOO.length()))
                : new LearnedUpdater(Path.of(s)));
    }

    public ParameterSpace<String> getOptimizer() { return optimizer; }

    public ParameterSpace<Double> getLearningRate() { return learningRate; }

    @Override public String toString() {
        return "LearnedUpdaterSpace(optimizer=" + optimizer + ", learningRate=" + learningRate + ")";
    }

    @Override public boolean equals(Object o) {
        return o instanceof LearnedUpdaterSpace s && s.optimizer.equals(optimizer) && s.learningRate.equals(learningRate);
    }

    @Override public int hashCode() { return Objects.hash(optimizer, learningRate); }
}
