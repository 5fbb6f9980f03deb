package org.l2l4j.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.l2l4j.dl4j.OptimizerResolver;

/** The zoo as the LearnedUpdater's resolver of zoo references. */
class ZooOptimizerResolverTest {
    private final OptimizerResolver resolver = new ZooOptimizerResolver();

    @Test void isFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(OptimizerResolver.class).stream()
                .anyMatch(p -> p.type() == ZooOptimizerResolver.class));
    }

    @Test void resolvesTheBundledEntriesAndIdentifiesThemBack() {
        for (String id : new String[]{"quadratic", "mnist"}) {
            var optimizer = resolver.resolve(id).orElseThrow();
            assertEquals(OptimizerZoo.zoo(id), optimizer);
            assertEquals(id, resolver.identify(optimizer).orElseThrow(), "the file re-serializes to its checksum");
        }
    }

    @Test void anUnknownIdIsEmptyNotAnError() {
        assertTrue(resolver.resolve("no-such-entry-anywhere").isEmpty());
    }

    @Test void anOptimizerNotInTheZooIsNotIdentified() {
        var q = OptimizerZoo.zoo("quadratic");
        double[] w = q.weights();
        w[0] += 1e-3;
        assertTrue(resolver.identify(new org.l2l4j.core.TrainedOptimizer(q.architecture(), w, q.provenance())).isEmpty());
    }
}
