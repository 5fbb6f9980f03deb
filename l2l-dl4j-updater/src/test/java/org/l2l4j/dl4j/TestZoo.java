package org.l2l4j.dl4j;

import java.util.Map;
import java.util.Optional;

/** An {@link OptimizerResolver} for the tests, registered in META-INF/services like l2l-zoo's. */
public final class TestZoo implements OptimizerResolver {
    private static final Map<String, org.l2l4j.core.TrainedOptimizer> ENTRIES =
            Map.of("test-paper", TestOptimizers.zooPaper(), "test-small", TestOptimizers.zooSmall());

    @Override public Optional<org.l2l4j.core.TrainedOptimizer> resolve(String id) {
        return Optional.ofNullable(ENTRIES.get(id));
    }

    @Override public Optional<String> identify(org.l2l4j.core.TrainedOptimizer optimizer) {
        return ENTRIES.entrySet().stream().filter(e -> e.getValue().equals(optimizer)).map(Map.Entry::getKey).findFirst();
    }
}
