package org.l2l4j.examples.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The CIFAR-10 binary reader, on files this test writes in that exact format (no network). */
class Cifar10Test {

    /** Record k of file f: label (f + k) % 10, pixel of channel c, row r, column x = (f * 31 + k * 7 + c * 50 + r * 3 + x) % 256. */
    static byte[] file(int f, int records) {
        byte[] bytes = new byte[records * Cifar10.RECORD];
        for (int k = 0; k < records; k++) {
            int at = k * Cifar10.RECORD;
            bytes[at] = (byte) ((f + k) % 10);
            for (int c = 0; c < 3; c++)
                for (int r = 0; r < 32; r++)
                    for (int x = 0; x < 32; x++)
                        bytes[at + 1 + c * 1024 + r * 32 + x] = (byte) pixel(f, k, c, r, x);
        }
        return bytes;
    }

    static int pixel(int f, int k, int c, int r, int x) {
        return (f * 31 + k * 7 + c * 50 + r * 3 + x) % 256;
    }

    /** data_batch_1..5 of 2, 3, 1, 2, 2 records and a test_batch of 3. */
    static Path directory(Path dir) throws IOException {
        int[] sizes = {2, 3, 1, 2, 2};
        for (int f = 0; f < 5; f++) Files.write(dir.resolve(Cifar10.TRAINING_FILES.get(f)), file(f, sizes[f]));
        Files.write(dir.resolve(Cifar10.TEST_FILE), file(5, 3));
        return dir;
    }

    @Test
    void readsTheSplitAndEachPlaneLandsInItsDl4jChannel(@TempDir Path dir) throws IOException {
        var cifar = Cifar10.fromDirectory(directory(dir));
        assertEquals(8, cifar.split().metaTraining().numExamples(), "data_batch_1..4");
        assertEquals(2, cifar.split().validation().numExamples(), "data_batch_5");
        assertEquals(3, cifar.split().test().numExamples(), "test_batch");
        // meta-training example 5 is record 0 of data_batch_3 (after 2 + 3 records)
        INDArray x = cifar.split().metaTraining().getFeatures();
        INDArray y = cifar.split().metaTraining().getLabels();
        assertEquals(2, y.getRow(5).argMax().getInt(0), "label (2 + 0) % 10");
        assertEquals(1.0, y.getRow(5).sumNumber().doubleValue(), 0.0, "one-hot");
        // what a conv layer of InputType.convolutionalFlat(32, 32, 3) sees: channel 1 (green), row 4, column 9
        INDArray images = new FeedForwardToCnnPreProcessor(32, 32, 3).preProcess(x, 8, LayerWorkspaceMgr.noWorkspaces());
        for (int c = 0; c < 3; c++)
            assertEquals(pixel(2, 0, c, 4, 9) / 255.0, images.getDouble(5, c, 4, 9), 1e-7, "channel " + c);
        assertEquals(pixel(5, 2, 2, 31, 31) / 255.0, cifar.split().test().getFeatures().getDouble(2, 3071), 1e-7);
        assertEquals(7, cifar.split().test().getLabels().getRow(2).argMax().getInt(0));
        assertTrue(String.valueOf(cifar.source().get("split")).contains("data_batch_5 validation"));
    }

    @Test
    void theArchivesSubdirectoryIsFoundToo(@TempDir Path dir) throws IOException {
        directory(Files.createDirectory(dir.resolve("cifar-10-batches-bin")));
        assertTrue(Cifar10.looksLikeCifar(dir));
        assertEquals(3, Cifar10.fromDirectory(dir).split().test().numExamples());
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) throws IOException {
        directory(dir);
        Files.delete(dir.resolve("data_batch_4.bin"));
        Files.delete(dir.resolve(Cifar10.TEST_FILE));
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10.fromDirectory(dir));
        assertTrue(e.getMessage().contains("has no data_batch_4.bin, test_batch.bin"), e.getMessage());
        var none = assertThrows(IllegalArgumentException.class, () -> Cifar10.fromDirectory(dir.resolve("absent")));
        assertTrue(none.getMessage().endsWith("absent does not exist"), none.getMessage());
        Path plain = Files.write(dir.resolve("plain"), new byte[1]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cifar10.fromDirectory(plain)).getMessage()
                .contains("is a file, not a directory"));
        assertFalse(Cifar10.looksLikeCifar(Files.createDirectory(dir.resolve("mnist"))));
    }

    @Test
    void aLengthThatIsNotWholeRecordsIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        directory(dir);
        byte[] cut = Arrays.copyOf(file(2, 2), 2 * Cifar10.RECORD - 10);
        Files.write(dir.resolve("data_batch_3.bin"), cut);
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10.fromDirectory(dir));
        assertEquals(dir.resolve("data_batch_3.bin") + " is not a CIFAR-10 binary file: its 6136 bytes are not a whole number "
                + "of 3,073-byte records (1 label byte + 3,072 pixel bytes); 3063 bytes are left after 1 records", e.getMessage());
        Files.write(dir.resolve("data_batch_3.bin"), new byte[0]);
        e = assertThrows(IllegalArgumentException.class, () -> Cifar10.fromDirectory(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("data_batch_3.bin") + " is empty"), e.getMessage());
    }

    @Test
    void aLabelAbove9IsNamedWithItsRecord(@TempDir Path dir) throws IOException {
        directory(dir);
        byte[] bad = file(4, 2);
        bad[Cifar10.RECORD] = 12;   // record 1's label
        Files.write(dir.resolve("data_batch_5.bin"), bad);
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10.fromDirectory(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("data_batch_5.bin") + ": record 1 has label 12, not 0-9"), e.getMessage());
    }

    @Test
    void aStreamShorterThanItsSizeIsTruncated() {
        byte[] two = file(0, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar10.read("s.bin",
                new java.io.ByteArrayInputStream(Arrays.copyOf(two, Cifar10.RECORD + 5)), two.length));
        assertEquals("s.bin is truncated: it ends inside record 1 of the 2 its size announced", e.getMessage());
    }
}
