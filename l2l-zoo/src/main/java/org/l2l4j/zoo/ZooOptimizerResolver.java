package org.l2l4j.zoo;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.l2l4j.core.InvalidOptimizerFileException;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.dl4j.OptimizerResolver;

/**
 * Lets a {@code LearnedUpdater} reference zoo optimizers by id (registered in
 * {@code META-INF/services/org.l2l4j.dl4j.OptimizerResolver}). The SHA-256 a configuration records is
 * checked by LearnedUpdater against whatever this returns, so a changed zoo entry is refused there.
 * l2l-zoo depends on l2l-dl4j-updater only optionally: without it this class is never loaded.
 */
public final class ZooOptimizerResolver implements OptimizerResolver {
    private static final String PACKAGE = "org/l2l4j/zoo/", SUFFIX = ".l2l";
    /** Static: ServiceLoader makes a new resolver each time it is asked. */
    private static final Map<String, TrainedOptimizer> LOADED = new ConcurrentHashMap<>();

    @Override public Optional<TrainedOptimizer> resolve(String id) {
        try {
            return Optional.of(LOADED.computeIfAbsent(id, OptimizerZoo::zoo));
        } catch (InvalidOptimizerFileException e) {
            throw e;   // the zoo has the id but its file is bad: that is an error, not "unknown"
        } catch (IllegalArgumentException e) {
            return Optional.empty();   // OptimizerZoo.zoo's answer for an id it does not have
        }
    }

    /** Compares with the entries bundled in this jar (nothing is downloaded to identify). */
    @Override public Optional<String> identify(TrainedOptimizer optimizer) {
        for (String id : bundledIds())
            if (resolve(id).filter(optimizer::equals).isPresent()) return Optional.of(id);
        return Optional.empty();
    }

    /** Ids of the {@code .l2l} files next to OptimizerZoo, in a jar or a classes directory. */
    static List<String> bundledIds() {
        URL self = OptimizerZoo.class.getResource("OptimizerZoo.class");
        try {
            Stream<String> names;
            if (self.openConnection() instanceof JarURLConnection jar) {
                names = jar.getJarFile().stream().map(e -> e.getName())
                        .filter(n -> n.startsWith(PACKAGE) && n.indexOf('/', PACKAGE.length()) < 0)
                        .map(n -> n.substring(PACKAGE.length()));
            } else {
                try (Stream<Path> files = Files.list(Path.of(self.toURI()).getParent())) {
                    names = files.map(p -> p.getFileName().toString()).toList().stream();
                }
            }
            return names.filter(n -> n.endsWith(SUFFIX)).map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return List.of();   // identification is optional: the optimizer is then embedded
        }
    }
}
