package org.l2l4j.zoo;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.dl4j.OptimizerResolver;

/**
 * Lets a {@code LearnedUpdater} reference zoo optimizers by id (registered in
 * {@code META-INF/services/org.l2l4j.dl4j.OptimizerResolver}). The SHA-256 a configuration records is
 * checked by LearnedUpdater against whatever this returns, so a changed zoo entry is refused there.
 * l2l-zoo depends on l2l-dl4j-updater only optionally: without it this class is never loaded.
 */
public final class ZooOptimizerResolver implements OptimizerResolver {
    /** Static: ServiceLoader makes a new resolver each time it is asked. */
    private static final Map<String, TrainedOptimizer> LOADED = new ConcurrentHashMap<>();

    /** Empty for an id the zoo does not know; any other failure (checksum, network) is an error. */
    @Override public Optional<TrainedOptimizer> resolve(String id) {
        try {
            return Optional.of(LOADED.computeIfAbsent(id, OptimizerZoo::zoo));
        } catch (ZooException e) {
            if (e.reason() == ZooException.Reason.UNKNOWN_ID) return Optional.empty();
            throw e;
        }
    }

    /**
     * The id of a listed entry (bundled, or in the cache) whose file is this optimizer: a trained
     * optimizer's file is a function of it, so comparing SHA-256s needs no file to be read or fetched.
     */
    @Override public Optional<String> identify(TrainedOptimizer optimizer) {
        String sha256 = TrainedOptimizerFile.sha256Hex(TrainedOptimizerFile.toBytes(optimizer));
        return OptimizerZoo.list().stream().filter(e -> e.sha256().equals(sha256)).map(ZooEntry::id).findFirst();
    }
}
