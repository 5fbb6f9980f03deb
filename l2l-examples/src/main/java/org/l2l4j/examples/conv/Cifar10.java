package org.l2l4j.examples.conv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2l4j.core.problem.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reader of the binary version of CIFAR-10 ({@code cifar-10-binary.tar.gz}, extracted): {@code data_batch_1.bin} ..
 * {@code data_batch_5.bin} and {@code test_batch.bin}, each a sequence of 3,073-byte records: one label byte (0-9),
 * then the 32 x 32 red plane, the green plane and the blue plane, each row by row. A record's pixels are therefore
 * already in DL4J's channels-first order ({@code InputType.convolutionalFlat(32, 32, 3)}), and are kept as they come,
 * scaled to [0, 1]. A file whose length is not a whole number of records, a label above 9 or a missing file is
 * refused with a message that names the file.
 *
 * <p>Split: meta-training = data_batch_1 .. data_batch_4 (40,000 images), validation = data_batch_5 (10,000: early
 * stopping of the meta-trainer, tuning of baselines), test = test_batch (10,000), as MNIST's directory split sets
 * the last part of the training files aside for validation and keeps the test file for tests.
 */
public record Cifar10(Split<DataSet> split, Map<String, Object> source) {
    public static final int SIDE = 32, CHANNELS = 3, PIXELS = SIDE * SIDE * CHANNELS, RECORD = 1 + PIXELS, CLASSES = 10;
    public static final List<String> TRAINING_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_FILE = "test_batch.bin";

    /** The records of one file: labels and pixels, record after record. */
    record Records(byte[] labels, byte[] pixels) {
        int count() { return labels.length; }
    }

    /**
     * The CIFAR-10 files in {@code dir}, or in its {@code cifar-10-batches-bin} subdirectory (where the archive
     * extracts them).
     */
    public static Cifar10 fromDirectory(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new IllegalArgumentException("CIFAR-10 data directory " + dir + " is a file, not a directory");
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("CIFAR-10 data directory " + dir + " does not exist");
        Path nested = dir.resolve("cifar-10-batches-bin");
        if (missing(dir).size() == TRAINING_FILES.size() + 1 && Files.isDirectory(nested)) dir = nested;
        List<String> missing = missing(dir);
        if (!missing.isEmpty())
            throw new IllegalArgumentException("CIFAR-10 data directory " + dir + " has no " + String.join(", ", missing)
                    + " (the binary version's files are data_batch_1.bin .. data_batch_5.bin and test_batch.bin)");
        List<Records> training = new ArrayList<>();
        for (int i = 0; i < 4; i++) training.add(read(dir.resolve(TRAINING_FILES.get(i))));
        Records validation = read(dir.resolve(TRAINING_FILES.get(4))), test = read(dir.resolve(TEST_FILE));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("data", "CIFAR-10 " + dir.toAbsolutePath());
        source.put("split", "data_batch_1-4 meta-training, data_batch_5 validation, test_batch test");
        return new Cifar10(new Split<>(dataSet(training), dataSet(List.of(validation)), dataSet(List.of(test))), source);
    }

    /** Whether {@code dir} (or its cifar-10-batches-bin subdirectory) holds any CIFAR-10 file. */
    public static boolean looksLikeCifar(Path dir) {
        return Files.isDirectory(dir) && (missing(dir).size() <= TRAINING_FILES.size()
                || Files.isDirectory(dir.resolve("cifar-10-batches-bin")) && missing(dir.resolve("cifar-10-batches-bin")).size() <= TRAINING_FILES.size());
    }

    private static List<String> missing(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String f : TRAINING_FILES) if (!Files.isRegularFile(dir.resolve(f))) missing.add(f);
        if (!Files.isRegularFile(dir.resolve(TEST_FILE))) missing.add(TEST_FILE);
        return missing;
    }

    static Records read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in, Files.size(file));
        }
    }

    /**
     * @param name   the file's name, for messages
     * @param length the file's size in bytes: checked before anything is allocated
     */
    static Records read(String name, InputStream in, long length) throws IOException {
        if (length == 0) throw new IllegalArgumentException(name + " is empty: a CIFAR-10 binary file holds 3,073-byte records");
        if (length % RECORD != 0)
            throw new IllegalArgumentException(name + " is not a CIFAR-10 binary file: its " + length + " bytes are not a whole "
                    + "number of 3,073-byte records (1 label byte + 3,072 pixel bytes); " + (length % RECORD)
                    + " bytes are left after " + (length / RECORD) + " records");
        if (length / RECORD > Integer.MAX_VALUE / PIXELS)
            throw new IllegalArgumentException(name + ": " + length / RECORD + " records are too many to hold in memory");
        int n = (int) (length / RECORD);
        byte[] labels = new byte[n], pixels = new byte[n * PIXELS], record = new byte[RECORD];
        for (int k = 0; k < n; k++) {
            int got = in.readNBytes(record, 0, RECORD);
            if (got < RECORD)
                throw new IllegalArgumentException(name + " is truncated: it ends inside record " + k + " of the " + n
                        + " its size announced");
            int label = record[0] & 0xff;
            if (label >= CLASSES)
                throw new IllegalArgumentException(name + ": record " + k + " has label " + label + ", not 0-9 (CIFAR-100's "
                        + "binary files, with 2 label bytes a record, are not CIFAR-10)");
            labels[k] = (byte) label;
            System.arraycopy(record, 1, pixels, k * PIXELS, PIXELS);
        }
        if (in.read() != -1) throw new IllegalArgumentException(name + " has bytes after the " + n + " records its size announced");
        return new Records(labels, pixels);
    }

    /** Features n x 3,072 (channels first, scaled to [0, 1]) and one-hot labels n x 10, in float. */
    static DataSet dataSet(List<Records> parts) {
        int n = 0;
        for (Records r : parts) n += r.count();
        INDArray x = Nd4j.createUninitialized(DataType.FLOAT, n, PIXELS);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, CLASSES);
        float[] row = new float[PIXELS];
        int at = 0;
        for (Records r : parts)
            for (int k = 0; k < r.count(); k++, at++) {
                for (int i = 0; i < PIXELS; i++) row[i] = (r.pixels()[k * PIXELS + i] & 0xff) / 255f;
                x.putRow(at, Nd4j.createFromArray(row));
                y.putScalar(at, r.labels()[k], 1f);
            }
        return new DataSet(x, y);
    }
}
