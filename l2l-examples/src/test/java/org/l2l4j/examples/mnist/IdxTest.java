package org.l2l4j.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    static byte[] idx(int magic, int[] shape, byte[] data) {
        var b = ByteBuffer.allocate(4 + 4 * shape.length + data.length);
        b.putInt(magic);
        for (int s : shape) b.putInt(s);
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    static final byte[] LABELS = idx(0x801, new int[]{3}, new byte[]{7, 0, 9});

    @Test void readsPlainAndGzippedFiles() throws IOException {
        for (byte[] file : new byte[][]{LABELS, gzip(LABELS)}) {
            var c = Idx.read("labels", new ByteArrayInputStream(file), 1);
            assertArrayEquals(new int[]{3}, c.shape());
            assertArrayEquals(new byte[]{7, 0, 9}, c.data());
        }
    }

    @Test void theBundledDigitsAreTheDocumentedOnes() {
        var digits = MnistDigits.bundled();
        assertEquals(6000, digits.split().metaTraining().count());
        assertEquals(2000, digits.split().validation().count());
        assertEquals(2000, digits.split().test().count());
        int[] counts = new int[10];
        for (var part : new org.l2l4j.core.problem.LabelledExamples[]{digits.split().metaTraining(), digits.split().validation(), digits.split().test()})
            for (int label : part.labels()) counts[label]++;
        // class counts from the data's README
        assertArrayEquals(new int[]{1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, counts);
        float[] x = digits.split().test().features();
        double max = 0;
        for (float v : x) max = Math.max(max, v);
        assertEquals(1.0, max, 0.0, "pixels scaled to [0, 1]");
    }

    @Test void aTruncatedFileNamesTheProblem() throws IOException {
        byte[] truncated = Arrays.copyOf(LABELS, LABELS.length - 1);
        for (byte[] file : new byte[][]{truncated, gzip(truncated)}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Idx.read("t.idx", new ByteArrayInputStream(file), 1));
            assertTrue(e.getMessage().startsWith("t.idx is truncated"), e.getMessage());
        }
        var header = assertThrows(IllegalArgumentException.class, () -> Idx.read("h.idx", new ByteArrayInputStream(new byte[]{0, 0, 8}), 1));
        assertTrue(header.getMessage().contains("header"), header.getMessage());
    }

    @Test void aWrongMagicOrTrailingBytesAreRefused() {
        var magic = assertThrows(IllegalArgumentException.class,
                () -> Idx.read("m.idx", new ByteArrayInputStream(idx(0x803, new int[]{3}, new byte[3])), 1));
        assertTrue(magic.getMessage().contains("not an IDX file of 1-dimensional unsigned bytes"), magic.getMessage());
        byte[] longer = Arrays.copyOf(LABELS, LABELS.length + 2);
        var trailing = assertThrows(IllegalArgumentException.class, () -> Idx.read("x.idx", new ByteArrayInputStream(longer), 1));
        assertTrue(trailing.getMessage().contains("has bytes after"), trailing.getMessage());
    }

    @Test void aCorruptGzipIsNamed() throws IOException {
        byte[] gz = gzip(idx(0x801, new int[]{1000}, new byte[1000]));
        for (int i = 20; i < gz.length - 8; i++) gz[i] ^= 0x5a;
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.read("c.gz", new ByteArrayInputStream(gz), 1));
        assertTrue(e.getMessage().startsWith("c.gz"), e.getMessage());
    }

    /** Bytes this thread allocated while running {@code r}. */
    static long allocatedBy(org.junit.jupiter.api.function.Executable r) {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThrows(IllegalArgumentException.class, r);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test void aHeaderAnnouncingMoreThanTheFileHoldsFailsBeforeAllocatingIt() throws IOException {
        int[] huge = {2_000_000_000, 1, 1};
        byte[] plain = idx(0x803, huge, new byte[4]);
        byte[] gz = gzip(plain);
        long limit = 16 << 20;   // the announced 2 GB would be far more
        long plainBytes = allocatedBy(() -> Idx.read("p.idx", new ByteArrayInputStream(plain), plain.length, 3));
        assertTrue(plainBytes < limit, plainBytes + " bytes allocated");
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.read("p.idx", new ByteArrayInputStream(plain), plain.length, 3));
        assertEquals("p.idx is truncated or corrupt: its header announces [2000000000, 1, 1] = 2000000000 bytes of data, "
                + "more than the 4 after the header of this 20-byte file", e.getMessage());
        long gzipBytes = allocatedBy(() -> Idx.read("g.gz", new ByteArrayInputStream(gz), gz.length, 3));
        assertTrue(gzipBytes < limit, gzipBytes + " bytes allocated");
        e = assertThrows(IllegalArgumentException.class, () -> Idx.read("g.gz", new ByteArrayInputStream(gz), gz.length, 3));
        assertTrue(e.getMessage().contains("more than a gzip file of " + gz.length + " bytes can hold"), e.getMessage());
        // length unknown (a stream): what is read grows with what arrives
        long streamBytes = allocatedBy(() -> Idx.read("s.gz", new ByteArrayInputStream(gz), 3));
        assertTrue(streamBytes < limit, streamBytes + " bytes allocated");
    }

    @Test void aFileThatOnlyStartsLikeGzipIsNamed() {
        byte[] fake = {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.read("f.gz", new ByteArrayInputStream(fake), 3));
        assertTrue(e.getMessage().startsWith("f.gz starts like a gzip file but is not one"), e.getMessage());
    }

    @Test void aUsersDirectoryWithTheStandardNamesIsRead(@TempDir Path dir) throws IOException {
        byte[] pixels = new byte[12 * 784];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) i;
        byte[] labels = new byte[12];
        for (int i = 0; i < 12; i++) labels[i] = (byte) (i % 10);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idx(0x803, new int[]{12, 28, 28}, pixels)));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(0x801, new int[]{12}, labels));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(0x803, new int[]{6, 28, 28}, Arrays.copyOf(pixels, 6 * 784)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idx(0x801, new int[]{6}, Arrays.copyOf(labels, 6))));
        var digits = MnistDigits.fromDirectory(dir);
        assertEquals(10, digits.split().metaTraining().count());
        assertEquals(2, digits.split().validation().count());
        assertEquals(6, digits.split().test().count());
        assertEquals(1, digits.split().metaTraining().labels()[1]);

        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        var e = assertThrows(IllegalArgumentException.class, () -> MnistDigits.fromDirectory(dir));
        assertTrue(e.getMessage().contains("has no t10k-labels-idx1-ubyte"), e.getMessage());
    }

    @Test void imagesAndLabelsMustAgreeInNumber(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(0x803, new int[]{2, 28, 28}, new byte[2 * 784]));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(0x801, new int[]{3}, new byte[3]));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(0x803, new int[]{2, 28, 28}, new byte[2 * 784]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(0x801, new int[]{2}, new byte[2]));
        var e = assertThrows(IllegalArgumentException.class, () -> MnistDigits.fromDirectory(dir));
        assertTrue(e.getMessage().contains("holds 2 images but") && e.getMessage().contains("holds 3 labels"), e.getMessage());
    }
}
