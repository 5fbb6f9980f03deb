package org.l2l4j.zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;

/** Trained optimizers, entries, bundles and policies for the zoo's tests; nothing here trains. */
final class Fixtures {
    /** Short enough that a test of time-outs takes a second, long enough for loopback on a busy machine. */
    static final DownloadPolicy FAST = new DownloadPolicy(Duration.ofSeconds(2), Duration.ofSeconds(3), 3,
            Duration.ofMillis(10));

    private Fixtures() {}

    /** A file's worth of random weights: distinct seeds give distinct files of the same size. */
    static byte[] optimizerBytes(long seed) {
        var architecture = LstmArchitecture.paper(new Preprocessing.LogSign(10), 1.0);
        var random = new Random(seed);
        double[] weights = new double[architecture.parameterCount()];
        for (int i = 0; i < weights.length; i++) weights[i] = 0.1 * random.nextGaussian();
        var provenance = new Provenance("quadratic", Map.of("dimension", 10), MetaTrainingConfig.quadraticDefaults(),
                1, 1, 0.5, "test", "2025-01-01T00:00:00Z", 1.0);
        return TrainedOptimizerFile.toBytes(new TrainedOptimizer(architecture, weights, provenance));
    }

    static TrainedOptimizer optimizer(byte[] bytes) {
        return TrainedOptimizerFile.fromBytes(bytes, "fixture");
    }

    static ZooEntry entry(String id, byte[] bytes) {
        TrainedOptimizer o = optimizer(bytes);
        return new ZooEntry(id, "test entry " + id, o.provenance().problemFamily(), id + ".l2l", bytes.length,
                TrainedOptimizerFile.sha256Hex(bytes), null, o.architecture(), o.provenance());
    }

    /**
     * A jar's worth of bundled entries in a directory of its own, read through a class loader with no
     * parent so that the real bundled manifest cannot leak in.
     *
     * @param files bundled files by name (entries without a file here are listed but hosted elsewhere)
     */
    static Bundle bundle(Path root, List<ZooEntry> entries, Map<String, byte[]> files) {
        try {
            Path dir = Files.createDirectories(root.resolve("bundle"));
            Files.write(dir.resolve("manifest.json"), Manifests.indexToBytes(entries));
            for (var f : files.entrySet()) Files.write(dir.resolve(f.getKey()), f.getValue());
            return new Bundle(new URLClassLoader(new URL[]{root.toUri().toURL()}, null), "bundle/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Bundle emptyBundle(Path root) {
        return bundle(root, List.of(), Map.of());
    }

    /** Temporary download files left in the cache. */
    static List<Path> partFiles(Path cache) throws IOException {
        if (!Files.exists(cache)) return List.of();
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }
}
