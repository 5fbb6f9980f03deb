package org.l2l4j.examples.suite;

import java.util.Objects;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * An optimizer under study (a {@code LearnedUpdater}, typically), under the name results give it; it is run
 * as given, never tuned.
 */
public record Optimizer(String name, IUpdater updater) {
    public Optimizer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(updater, "updater");
        if (name.isBlank()) throw new IllegalArgumentException("an optimizer needs a name");
    }
}
