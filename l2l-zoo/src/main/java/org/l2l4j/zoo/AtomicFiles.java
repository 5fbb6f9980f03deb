package org.l2l4j.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files that appear whole or not at all: content goes to a hidden part file beside the target and is
 * renamed over it in one step. Part files are not made with {@code Files.createTempFile}, whose
 * owner-only permissions would follow the file into a cache shared by several users or a directory
 * served by a web server running as someone else.
 */
final class AtomicFiles {
    private static final Logger log = LoggerFactory.getLogger(AtomicFiles.class);

    private AtomicFiles() {}

    /** A fresh, not yet existing name beside {@code target}; the suffix marks it as nothing to read. */
    static Path partFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
    }

    static void write(byte[] content, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = partFor(target);
        try {
            Files.write(part, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            replace(part, target);
        } finally {
            deleteQuietly(part);
        }
    }

    static void replace(Path part, Path target) throws IOException {
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Removes the part files a killed process left beside {@code target}. Only for a caller that holds
     * the lock of the target's entry: then no other writer of it is running.
     */
    static void removeStaleParts(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) return;
        String prefix = "." + target.getFileName() + ".";
        try (var parts = Files.newDirectoryStream(dir, p -> {
            String name = p.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".part");
        })) {
            for (Path part : parts) deleteQuietly(part);
        }
    }

    /** Removes a directory if it is empty; one that is not, or cannot be removed, stays. */
    static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty (another file arrived), or not ours to remove: either way it stays
        }
    }

    /** Removes a part file; failing to (Windows, while a cancelled transfer still holds it) is only worth a warning. */
    static void deleteQuietly(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            log.warn("Could not remove the partial download {}: {}", part, e.toString());
        }
    }
}
