package org.l2l4j.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds optimizers through the {@link OptimizerResolver} services and keeps every optimizer it has
 * seen, by the SHA-256 of its canonical file, for the JVM's life. The cache is what makes a
 * configuration restored from JSON (one updater per layer, each with its own copy of the reference)
 * resolve or parse each distinct optimizer once.
 */
final class Resolvers {
    private static final Logger log = LoggerFactory.getLogger(Resolvers.class);
    private static final Map<String, TrainedOptimizer> BY_SHA256 = new ConcurrentHashMap<>();

    private Resolvers() {}

    /** SHA-256 (hex) of the optimizer's canonical trained-optimizer file: its identity everywhere here. */
    static String sha256(TrainedOptimizer optimizer) {
        return TrainedOptimizerFile.sha256Hex(TrainedOptimizerFile.toBytes(optimizer));
    }

    static void remember(String sha256, TrainedOptimizer optimizer) {
        BY_SHA256.putIfAbsent(sha256, optimizer);
    }

    static Optional<TrainedOptimizer> cached(String sha256) {
        return Optional.ofNullable(BY_SHA256.get(sha256));
    }

    /**
     * The id some resolver publishes this optimizer under, after checking that the id resolves to an
     * optimizer with the same hash (a resolver that misidentifies is ignored, and the optimizer embedded).
     */
    static Optional<String> identify(TrainedOptimizer optimizer, String sha256) {
        for (OptimizerResolver resolver : services()) {
            try {
                Optional<String> id = resolver.identify(optimizer);
                if (id.isEmpty()) continue;
                Optional<TrainedOptimizer> published = resolver.resolve(id.get());
                if (published.isPresent() && sha256(published.get()).equals(sha256)) return id;
                log.warn("optimizer resolver {} identified an optimizer as '{}', which resolves to a different one; "
                        + "embedding it instead", resolver.getClass().getName(), id.get());
            } catch (RuntimeException e) {
                // identification only makes the JSON smaller; a failing resolver must not stop training
                log.warn("optimizer resolver {} failed to identify an optimizer; it will be embedded",
                        resolver.getClass().getName(), e);
            }
        }
        return Optional.empty();
    }

    /** The optimizer published under {@code id} whose canonical file hashes to {@code sha256}. */
    static TrainedOptimizer resolve(String id, String sha256) {
        Optional<TrainedOptimizer> seen = cached(sha256);
        if (seen.isPresent()) return seen.get();
        TrainedOptimizer found = resolveUnchecked(id);
        String actual = sha256(found);
        if (!actual.equals(sha256))
            throw new IllegalStateException("zoo optimizer '" + id + "' now has SHA-256 " + actual
                    + ", but this configuration was made with the optimizer of SHA-256 " + sha256
                    + ". The zoo entry has changed: use the l2l-zoo version the model was trained with, "
                    + "or rebuild the configuration from the new optimizer (its updater state will not carry over).");
        remember(sha256, found);
        return cached(sha256).orElse(found);
    }

    /** The optimizer the first resolver that publishes {@code id} returns. */
    static TrainedOptimizer resolveUnchecked(String id) {
        List<String> asked = new ArrayList<>();
        for (OptimizerResolver resolver : services()) {
            asked.add(resolver.getClass().getName());
            Optional<TrainedOptimizer> found = resolver.resolve(id);
            if (found.isPresent()) return found.get();
        }
        throw new IllegalStateException("no optimizer resolver knows zoo optimizer '" + id + "'; resolvers on the classpath: "
                + (asked.isEmpty() ? "none" : asked) + ". Add l2l-zoo (or the jar that publishes it) to the classpath.");
    }

    private static List<OptimizerResolver> services() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) loader = OptimizerResolver.class.getClassLoader();
        List<OptimizerResolver> found = new ArrayList<>();
        ServiceLoader.load(OptimizerResolver.class, loader).forEach(found::add);
        return found;
    }
}
