package org.l2l4j.examples.tuning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished baseline searches on disk, one JSON file per search, named by the SHA-256 of everything that
 * decides its outcome (family and settings, baseline, grid, instances, horizon, seed, arithmetic, protocol
 * version). A file that cannot be read is ignored with a warning and searched again, never trusted.
 */
public final class TuningCache {
    private static final Logger log = LoggerFactory.getLogger(TuningCache.class);
    /** Bump when the score or the search changes, so old results are not reused. */
    static final String PROTOCOL = "l2l4j-baseline-search-1";
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path directory;

    public TuningCache(Path directory) {
        this.directory = directory;
    }

    public static String key(String description) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((PROTOCOL + "\n" + description).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<TunedBaseline> get(String key) {
        Path file = directory.resolve(key + ".json");
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(file.toFile(), Entry.class).result());
        } catch (IOException | RuntimeException e) {
            log.warn("ignoring unreadable tuning cache file {} ({}); searching again", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Written to a temporary file and moved into place, so a crash never leaves half a result. */
    public void put(String key, String description, TunedBaseline result) throws IOException {
        Files.createDirectories(directory);
        Path tmp = Files.createTempFile(directory, key, ".tmp");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Entry(PROTOCOL, description, result)));
            Files.move(tmp, directory.resolve(key + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** What a cache file holds: the search's description in clear, for whoever opens it. */
    record Entry(String protocol, String description, TunedBaseline result) {}
}
