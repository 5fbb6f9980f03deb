package org.l2l4j.examples.suite;

import java.util.Objects;

/**
 * One training problem of the suite: a network configuration, its data, how many iterations (minibatches)
 * to train, and the held-out metric.
 */
public record Task(String name, String description, Network network, TaskData data, int iterations, HeldOutMetric metric) {
    public Task {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(metric, "metric");
        if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+"))
            throw new IllegalArgumentException("a task name is letters, digits, '.', '_' and '-' (it names files), got '" + name + "'");
        if (iterations < 1) throw new IllegalArgumentException(name + ": iterations must be >= 1, got " + iterations);
    }

    /** The metric inferred from the output layer: accuracy for softmax/cross-entropy, MSE otherwise. */
    public Task(String name, String description, Network network, TaskData data, int iterations) {
        this(name, description, network, data, iterations, HeldOutMetric.infer(network));
    }
}
