package org.l2l4j.dl4j;

import java.util.Optional;
import org.l2l4j.core.TrainedOptimizer;

/**
 * Service-provider interface through which a {@link LearnedUpdater} finds published optimizers by id, so
 * that a network configuration can name a zoo optimizer (id and SHA-256) instead of carrying its weights
 * in every layer's JSON.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: a jar that publishes optimizers
 * lists its implementation in {@code META-INF/services/org.l2l4j.dl4j.OptimizerResolver}. l2l-zoo does so
 * ({@code org.l2l4j.zoo.ZooOptimizerResolver}); this module does not depend on the zoo. Resolvers are
 * asked in the order ServiceLoader returns them; the first that answers wins.
 *
 * <p>Integrity is checked by the caller, not the resolver: a {@link LearnedUpdater} records the SHA-256
 * of the optimizer's canonical file ({@link org.l2l4j.core.TrainedOptimizerFile#toBytes}) and refuses an
 * optimizer resolved under the same id whose file hashes differently. A resolver therefore never needs
 * to know about hashes, and a changed zoo entry can never silently replace the optimizer a saved model
 * was trained with.
 *
 * <p>Implementations must be thread-safe and should cache what they load: a network restore resolves
 * once per distinct optimizer (LearnedUpdater caches resolved optimizers by hash for the JVM's life).
 */
public interface OptimizerResolver {

    /**
     * The optimizer published under {@code id}, or empty if this resolver does not publish that id.
     * Called when a configuration that references {@code id} is first used (network init, restore).
     * May read a local cache or bundled resources, and may download; a failure to load an id this
     * resolver does publish is an exception, not an empty result.
     */
    Optional<TrainedOptimizer> resolve(String id);

    /**
     * The id under which this resolver publishes an optimizer equal to {@code optimizer}
     * ({@link TrainedOptimizer#equals}: same architecture, weights and provenance), if it can tell from
     * what it has locally; empty otherwise. Called by {@code new LearnedUpdater(trainedOptimizer)} to
     * reference a zoo optimizer rather than embed it; it must not download anything. Returning empty is
     * always safe: the optimizer is then embedded in the configuration, which stays self-contained.
     */
    default Optional<String> identify(TrainedOptimizer optimizer) {
        return Optional.empty();
    }
}
