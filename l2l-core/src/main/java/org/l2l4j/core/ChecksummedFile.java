package org.l2l4j.core;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The container shared by trained-optimizer files and meta-training checkpoints: a magic line, a
 * format version, a JSON header, arrays of big-endian doubles (each preceded by its length), and a
 * SHA-256 of everything before it. Decoding tells a foreign, truncated or corrupt file apart.
 */
public final class ChecksummedFile {
    private static final int DIGEST_BYTES = 32;

    private ChecksummedFile() {}

    public record Decoded(int version, byte[] header, double[][] arrays) {}

    public static byte[] encode(String magic, int version, byte[] header, double[]... arrays) {
        try {
            var bytes = new ByteArrayOutputStream();
            var out = new DataOutputStream(bytes);
            out.write(magic.getBytes(StandardCharsets.US_ASCII));
            out.writeInt(version);
            out.writeInt(header.length);
            out.write(header);
            out.writeInt(arrays.length);
            for (double[] a : arrays) {
                out.writeInt(a.length);
                for (double v : a) out.writeDouble(v);
            }
            out.flush();
            out.write(sha256(bytes.toByteArray()));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param what   what the file should be, for messages ("trained-optimizer file")
     * @param source names the bytes in messages (a path, a zoo id, a URL)
     */
    public static Decoded decode(byte[] bytes, String magic, int maxVersion, String what, String source) {
        byte[] expectedMagic = magic.getBytes(StandardCharsets.US_ASCII);
        var buf = ByteBuffer.wrap(bytes);
        try {
            if (bytes.length < expectedMagic.length || !Arrays.equals(bytes, 0, expectedMagic.length,
                    expectedMagic, 0, expectedMagic.length))
                throw invalid(source, "not an l2l4j " + what + " (wrong magic bytes)");
            buf.position(expectedMagic.length);
            int version = buf.getInt();
            if (version < 1 || version > maxVersion)
                throw invalid(source, what + " format version " + version + " is not readable by l2l4j "
                        + Provenance.currentVersion() + ", which reads versions 1 to " + maxVersion);
            int headerLength = buf.getInt();
            if (headerLength < 0 || headerLength > buf.remaining())
                throw invalid(source, "truncated: header of " + headerLength + " bytes, " + buf.remaining() + " left");
            byte[] header = new byte[headerLength];
            buf.get(header);
            int count = buf.getInt();
            if (count < 0 || count > 64) throw invalid(source, "corrupt: " + count + " arrays");
            double[][] arrays = new double[count][];
            for (int a = 0; a < count; a++) {
                int length = buf.getInt();
                if (length < 0 || (long) length * Double.BYTES > buf.remaining())
                    throw invalid(source, "truncated: array " + a + " of " + length + " values, " + buf.remaining()
                            + " bytes left");
                arrays[a] = new double[length];
                buf.asDoubleBuffer().get(arrays[a]);
                buf.position(buf.position() + length * Double.BYTES);
            }
            int contentLength = buf.position();
            if (buf.remaining() < DIGEST_BYTES)
                throw invalid(source, "truncated: the checksum is missing (file ends after " + bytes.length + " bytes)");
            if (buf.remaining() > DIGEST_BYTES)
                throw invalid(source, "corrupt: " + (buf.remaining() - DIGEST_BYTES) + " unexpected bytes after the content");
            byte[] stored = Arrays.copyOfRange(bytes, contentLength, bytes.length);
            byte[] actual = sha256(Arrays.copyOf(bytes, contentLength));
            if (!MessageDigest.isEqual(stored, actual))
                throw invalid(source, "corrupt: content checksum " + hex(actual) + " does not match the stored " + hex(stored));
            return new Decoded(version, header, arrays);
        } catch (BufferUnderflowException e) {
            throw invalid(source, "truncated: the file ends after " + bytes.length + " bytes");
        }
    }

    /**
     * Writes through a temporary file and an atomic rename: a reader never sees half a file, and a process
     * killed while writing leaves the old file. The temporary files of writers of the same file that were
     * killed are removed first ({@link #removeStaleParts}).
     */
    public static void writeAtomically(byte[] content, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        removeStaleParts(file);
        // not createTempFile: its files are always mode 0600, and a trained optimizer is meant to be shared
        Path tmp = dir.resolve(partPrefix(file) + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + "." + System.nanoTime() + PART_SUFFIX);
        try {
            try (var out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                int half = content.length / 2;
                out.write(content, 0, half);
                pauseIfAsked(tmp);
                out.write(content, half, content.length - half);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static final String PART_SUFFIX = ".part";

    private static String partPrefix(Path file) {
        return "." + file.getFileName() + ".";
    }

    /**
     * Removes the temporary files that writers of {@code file} left when they were killed: those named
     * {@code .<name>.<pid>.<thread>.<nanos>.part} whose process is no longer alive. Those of live processes
     * (this one included) may be writes in progress and are left alone.
     */
    public static void removeStaleParts(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) return;
        String prefix = partPrefix(file);
        try (var parts = Files.newDirectoryStream(dir, p -> {
            String name = p.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(PART_SUFFIX);
        })) {
            for (Path part : parts) {
                String[] fields = part.getFileName().toString().substring(prefix.length()).split("\\.");
                long pid;
                try {
                    pid = Long.parseLong(fields[0]);
                } catch (NumberFormatException e) {
                    continue;   // not one of ours
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                Files.deleteIfExists(part);
            }
        }
    }

    /**
     * For the fault-injection test only: with {@code -D}{@value #PAUSE_PROPERTY}{@code =N} the N-th write of
     * this process stops halfway through its temporary file for a minute, after saying so on stderr, so
     * that the test can kill the process inside the write.
     */
    static final String PAUSE_PROPERTY = "org.l2l4j.test.pauseInWrite";
    private static final int PAUSE_AT = Integer.getInteger(PAUSE_PROPERTY, 0);
    private static final java.util.concurrent.atomic.AtomicInteger WRITES = new java.util.concurrent.atomic.AtomicInteger();

    private static void pauseIfAsked(Path part) throws java.io.InterruptedIOException {
        if (PAUSE_AT <= 0 || WRITES.incrementAndGet() != PAUSE_AT) return;
        System.err.println("l2l4j test: paused inside the write of " + part);
        System.err.flush();
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted in a test pause");
        }
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public static String hex(byte[] b) { return HexFormat.of().formatHex(b); }

    public static InvalidOptimizerFileException invalid(String source, String why) {
        return new InvalidOptimizerFileException(source + ": " + why);
    }
}
