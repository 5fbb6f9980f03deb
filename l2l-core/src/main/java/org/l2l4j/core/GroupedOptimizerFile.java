package org.l2l4j.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.l2l4j.core.optimizer.LstmArchitecture;

/**
 * The file of a {@link GroupedOptimizer} ({@code .l2l}, like a single optimizer's): magic line
 * {@code L2L4J-OPTIMIZER-GROUPS}, format version, a JSON header (architecture, group names, provenance), one
 * array of weights per group in the header's order, and a SHA-256 of all of it, in the {@link ChecksummedFile}
 * container. A foreign, truncated or corrupt file fails with an {@link InvalidOptimizerFileException} that says
 * which; {@link TrainedOptimizerFile} refuses this file with a message that points here.
 */
public final class GroupedOptimizerFile {
    static final String MAGIC = "L2L4J-OPTIMIZER-GROUPS\n";
    public static final int FORMAT_VERSION = 1;

    private GroupedOptimizerFile() {}

    record Header(LstmArchitecture architecture, List<String> groups, Provenance provenance) {}

    public static byte[] toBytes(GroupedOptimizer optimizer) {
        try {
            byte[] header = TrainedOptimizerFile.JSON.writeValueAsBytes(
                    new Header(optimizer.architecture(), optimizer.groups(), optimizer.provenance()));
            return ChecksummedFile.encode(MAGIC, FORMAT_VERSION, header, optimizer.weights().toArray(double[][]::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes atomically: a reader never sees a half-written file. */
    public static void write(GroupedOptimizer optimizer, Path file) throws IOException {
        ChecksummedFile.writeAtomically(toBytes(optimizer), file);
    }

    public static GroupedOptimizer read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.io.FileNotFoundException("no grouped-optimizer file at " + file);
        return fromBytes(Files.readAllBytes(file), file.toString());
    }

    /** Whether the bytes start as a grouped-optimizer file does (its checksum is not checked here). */
    public static boolean isGrouped(byte[] bytes) {
        byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
        return bytes.length >= magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length);
    }

    /** @param source names the bytes in error messages (a path, a zoo id) */
    public static GroupedOptimizer fromBytes(byte[] bytes, String source) {
        var decoded = ChecksummedFile.decode(bytes, MAGIC, FORMAT_VERSION, "grouped-optimizer file", source);
        Header header;
        try {
            header = TrainedOptimizerFile.JSON.readValue(decoded.header(), Header.class);
        } catch (IOException | RuntimeException e) {
            throw ChecksummedFile.invalid(source, "corrupt header: " + e.getMessage());
        }
        if (header.architecture() == null || header.groups() == null || header.provenance() == null)
            throw ChecksummedFile.invalid(source, "corrupt header: architecture, groups or provenance missing");
        if (decoded.arrays().length != header.groups().size())
            throw ChecksummedFile.invalid(source, "the header names " + header.groups().size() + " groups " + header.groups()
                    + " but the file holds " + decoded.arrays().length + " weight arrays");
        try {
            return new GroupedOptimizer(header.architecture(), header.groups(), List.of(decoded.arrays()), header.provenance());
        } catch (IllegalArgumentException e) {
            throw ChecksummedFile.invalid(source, "invalid content: " + e.getMessage());
        }
    }
}
