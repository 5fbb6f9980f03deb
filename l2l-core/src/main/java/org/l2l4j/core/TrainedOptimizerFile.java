package org.l2l4j.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * The trained-optimizer file ({@code .l2l}): magic line {@code L2L4J-OPTIMIZER}, format version, a
 * JSON header (architecture and provenance, readable with {@code head -c 4000}), the weights as
 * big-endian doubles, and a SHA-256 of all of it. A foreign, truncated or corrupt file fails to load
 * with an {@link InvalidOptimizerFileException} that says which.
 */
public final class TrainedOptimizerFile {
    static final String MAGIC = "L2L4J-OPTIMIZER\n";
    public static final int FORMAT_VERSION = 1;
    /** The JSON of every l2l4j file header (trained optimizers, checkpoints). */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TrainedOptimizerFile() {}

    record Header(LstmArchitecture architecture, Provenance provenance) {}

    public static byte[] toBytes(TrainedOptimizer optimizer) {
        try {
            byte[] header = JSON.writeValueAsBytes(new Header(optimizer.architecture(), optimizer.provenance()));
            return ChecksummedFile.encode(MAGIC, FORMAT_VERSION, header, optimizer.weights());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes atomically: a reader never sees a half-written file. */
    public static void write(TrainedOptimizer optimizer, Path file) throws IOException {
        ChecksummedFile.writeAtomically(toBytes(optimizer), file);
    }

    public static TrainedOptimizer read(Path file) throws IOException {
        return fromBytes(readBytes(file), file.toString());
    }

    /** The bytes of a file that should be a trained-optimizer file; a directory or a missing file is said in words. */
    public static byte[] readBytes(Path file) throws IOException {
        if (Files.isDirectory(file))
            throw new java.io.FileNotFoundException(file + " is a directory, not a trained-optimizer file");
        if (!Files.exists(file)) throw new java.io.FileNotFoundException("no trained-optimizer file at " + file);
        return Files.readAllBytes(file);
    }

    /** @param source names the bytes in error messages (a path, a zoo id, a URL) */
    public static TrainedOptimizer fromBytes(byte[] bytes, String source) {
        if (GroupedOptimizerFile.isGrouped(bytes))
            throw ChecksummedFile.invalid(source, "this file holds optimizers for several parameter groups (meta-trained "
                    + "together); read it as a GroupedOptimizer: GroupedOptimizerFile.read, or OptimizerZoo.zooGroups for a zoo entry");
        var decoded = ChecksummedFile.decode(bytes, MAGIC, FORMAT_VERSION, "trained-optimizer file", source);
        Header header;
        try {
            header = JSON.readValue(decoded.header(), Header.class);
        } catch (IOException | RuntimeException e) {
            throw ChecksummedFile.invalid(source, "corrupt header: " + e.getMessage());
        }
        if (header.architecture() == null || header.provenance() == null)
            throw ChecksummedFile.invalid(source, "corrupt header: architecture or provenance missing");
        if (decoded.arrays().length != 1)
            throw ChecksummedFile.invalid(source, "expected one weight array, found " + decoded.arrays().length);
        try {
            return new TrainedOptimizer(header.architecture(), decoded.arrays()[0], header.provenance());
        } catch (IllegalArgumentException e) {
            throw ChecksummedFile.invalid(source, "invalid content: " + e.getMessage());
        }
    }

    /** SHA-256 of a whole file, hex: what the zoo checks. */
    public static String sha256Hex(Path file) throws IOException {
        return sha256Hex(Files.readAllBytes(file));
    }

    public static String sha256Hex(byte[] bytes) {
        return ChecksummedFile.hex(ChecksummedFile.sha256(bytes));
    }
}
