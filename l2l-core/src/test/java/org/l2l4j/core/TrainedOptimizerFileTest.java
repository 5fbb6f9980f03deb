package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;

public class TrainedOptimizerFileTest {

    /** A trained optimizer with made-up weights and provenance, for tests of what carries one. */
    public static TrainedOptimizer sample() {
        var config = MetaTrainingConfig.quadraticDefaults();
        var arch = config.architecture();
        double[] w = new SplittableRandom(3).doubles(arch.parameterCount(), -1, 1).toArray();
        var provenance = new Provenance("quadratic", Map.of("dimension", 10), config, 12, 10, 0.125,
                Provenance.currentVersion(), "2026-11-23T00:00:00Z", 42.0);
        return new TrainedOptimizer(arch, w, provenance);
    }

    @Test
    void roundTripKeepsEverything(@TempDir Path dir) throws Exception {
        TrainedOptimizer original = sample();
        Path file = dir.resolve("q.l2l");
        TrainedOptimizerFile.write(original, file);
        TrainedOptimizer read = TrainedOptimizerFile.read(file);
        assertEquals(original.architecture(), read.architecture());
        assertArrayEquals(original.weights(), read.weights(), 0.0);
        assertEquals(original.provenance().training(), read.provenance().training());
        assertEquals(original.provenance().validationLoss(), read.provenance().validationLoss());
        assertEquals(original.provenance().problemSettings().get("dimension"), read.provenance().problemSettings().get("dimension"));
        assertEquals(TrainedOptimizerFile.sha256Hex(file), TrainedOptimizerFile.sha256Hex(TrainedOptimizerFile.toBytes(original)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    /** Stateful preprocessing and the input skip survive the file, so a deployment keeps the right planes. */
    @Test
    void momentsAndInputSkipRoundTrip(@TempDir Path dir) throws Exception {
        var arch = new LstmArchitecture(2, 20, new Preprocessing.Moments(0.95, 1e-8), 0.1, true);
        var d = MetaTrainingConfig.quadraticDefaults();
        var config = new MetaTrainingConfig(arch, 3, 4, 100, 20, 1e-3, MetaTrainingConfig.Schedule.COSINE, 0, MetaObjective.LOG,
                16, 10, 1.0, 0.0, 1, d.dataType());
        double[] w = new SplittableRandom(5).doubles(arch.parameterCount(), -1, 1).toArray();
        var original = new TrainedOptimizer(arch, w, new Provenance("mnist", Map.of("widths", "[784, 20, 10]"), config, 3, 2,
                0.2, Provenance.currentVersion(), "2026-11-24T00:00:00Z", 1.0));
        Path file = dir.resolve("m.l2l");
        TrainedOptimizerFile.write(original, file);
        TrainedOptimizer read = TrainedOptimizerFile.read(file);
        assertEquals(arch, read.architecture());
        assertEquals(83, read.statePlanes(), "h and c of two layers of 20, then m, v and the bias correction");
        assertEquals(config, read.provenance().training());
        assertArrayEquals(w, read.weights(), 0.0);
    }

    @Test
    void gacNtmAndCorrectedAdamArchitecturesRoundTrip(@TempDir Path dir) throws Exception {
        var d = MetaTrainingConfig.quadraticDefaults();
        for (var arch : new LstmArchitecture[]{LstmArchitecture.paperGac(new Preprocessing.Identity(), 1.0),
                LstmArchitecture.paperNtm(new Preprocessing.Identity(), 1.0, 5),
                new LstmArchitecture(2, 10, Preprocessing.AdamTimescales.standard(), 1e-3, true, 0, null,
                        new org.l2l4j.core.optimizer.StepOutput.AdamCorrection(2, 1)),
                new LstmArchitecture(2, 10, Preprocessing.AdamTimescales.standard(), 1e-3, true, 0, null,
                        new org.l2l4j.core.optimizer.StepOutput.AdamCorrection(3, 1, 20))}) {
            var config = new MetaTrainingConfig(arch, 3, 4, 100, 20, 3e-3, MetaTrainingConfig.Schedule.CONSTANT, 0,
                    MetaObjective.SUM, 16, 10, 1.0, 0.0, 1, d.dataType());
            double[] w = new SplittableRandom(9).doubles(arch.parameterCount(), -1, 1).toArray();
            var original = new TrainedOptimizer(arch, w, new Provenance("quadratic", Map.of("dimension", 10), config, 3, 2,
                    0.2, Provenance.currentVersion(), "2026-11-24T00:00:00Z", 1.0));
            Path file = dir.resolve(arch.kind() + ".l2l");
            TrainedOptimizerFile.write(original, file);
            TrainedOptimizer read = TrainedOptimizerFile.read(file);
            assertEquals(arch, read.architecture());
            assertEquals(config, read.provenance().training());
            assertArrayEquals(w, read.weights(), 0.0);
        }
        // state per coordinate: 80 LSTM planes; the memory adds a and b for 3 heads x 5 steps, the read result, the slot
        assertEquals(80, LstmArchitecture.paperGac(new Preprocessing.Identity(), 1.0).statePlanes());
        assertEquals(80 + 30 + 2, LstmArchitecture.paperNtm(new Preprocessing.Identity(), 1.0, 5).statePlanes());
    }

    /** A file written before these fields existed must re-serialize to the same bytes (zoo checksums). */
    @Test
    void theHeaderOfAPlainLstmDoesNotMentionTheFieldsAddedLater() {
        String header = new String(TrainedOptimizerFile.toBytes(sample()), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String field : new String[]{"inputSkip", "globalCells", "memory", "output", "stepCost", "kind"})
            assertTrue(!header.contains("\"" + field + "\""), "no " + field + " field at its default");
    }

    @Test
    void headerIsReadableJson() {
        String head = new String(TrainedOptimizerFile.toBytes(sample()), 0, 400, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("L2L4J-OPTIMIZER\n"));
        assertTrue(head.contains("\"architecture\""), head);
    }

    private static String failure(byte[] bytes) {
        return assertThrows(InvalidOptimizerFileException.class, () -> TrainedOptimizerFile.fromBytes(bytes, "f.l2l"))
                .getMessage();
    }

    @Test
    void flippedWeightByteIsCorrupt() {
        byte[] bytes = TrainedOptimizerFile.toBytes(sample());
        bytes[bytes.length - 100] ^= 0x10;
        String message = failure(bytes);
        assertTrue(message.startsWith("f.l2l: corrupt: content checksum"), message);
    }

    @Test
    void truncatedFilesAreNamedTruncated() {
        byte[] bytes = TrainedOptimizerFile.toBytes(sample());
        for (int cut : new int[]{20, 30, bytes.length / 2, bytes.length - 10}) {
            String message = failure(Arrays.copyOf(bytes, cut));
            assertTrue(message.contains("truncated"), cut + ": " + message);
        }
    }

    @Test
    void trailingBytesAreCorrupt() {
        byte[] bytes = TrainedOptimizerFile.toBytes(sample());
        String message = failure(Arrays.copyOf(bytes, bytes.length + 3));
        assertTrue(message.contains("corrupt: 3 unexpected bytes"), message);
    }

    @Test
    void foreignAndEmptyFilesAreNotOptimizerFiles() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0};
        assertTrue(failure(png).contains("not an l2l4j trained-optimizer file"));
        assertTrue(failure(new byte[0]).contains("not an l2l4j trained-optimizer file"));
    }

    @Test
    void newerFormatVersionIsRefusedByName() {
        byte[] bytes = TrainedOptimizerFile.toBytes(sample());
        ByteBuffer.wrap(bytes).putInt(TrainedOptimizerFile.MAGIC.length(), 99);
        String message = failure(bytes);
        assertTrue(message.contains("format version 99"), message);
    }

    @Test
    void missingFileSaysWhere(@TempDir Path dir) {
        var e = assertThrows(java.io.FileNotFoundException.class, () -> TrainedOptimizerFile.read(dir.resolve("nope.l2l")));
        assertTrue(e.getMessage().contains("nope.l2l"));
    }

    @Test
    void weightsOfTheWrongCountAreRefused() {
        var good = sample();
        assertThrows(IllegalArgumentException.class,
                () -> new TrainedOptimizer(good.architecture(), new double[3], good.provenance()));
        double[] w = good.weights();
        w[5] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> new TrainedOptimizer(good.architecture(), w, good.provenance()));
    }
}
