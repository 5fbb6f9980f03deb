package org.l2l4j.examples.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.l2l4j.core.problem.LabelledExamples;
import org.l2l4j.core.problem.Split;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MNIST digits split for meta-learning: meta-training digits, validation digits (early stopping of the
 * meta-trainer, tuning of baselines) and test digits (every reported comparison). Pixels are scaled to
 * [0, 1], labels one-hot.
 *
 * <p>The bundled 10,000 digits ({@code mnist-10k}, see the README of the data) split by position into
 * 6,000 / 2,000 / 2,000 (the file is already shuffled with a fixed seed). A user's directory with the
 * standard files gives meta-training = train images 0..49,999, validation = train 50,000..59,999 and
 * test = the t10k set.
 */
public record MnistDigits(Split<LabelledExamples> split, Map<String, Object> source) {

    static final String BUNDLED_IMAGES = "mnist-10k-images-idx3-ubyte.gz", BUNDLED_LABELS = "mnist-10k-labels-idx1-ubyte.gz";
    public static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE, CLASSES = 10;

    /** The 10,000 digits shipped in this jar. */
    public static MnistDigits bundled() {
        try (InputStream images = resource(BUNDLED_IMAGES); InputStream labels = resource(BUNDLED_LABELS)) {
            LabelledExamples all = examples(Idx.read(BUNDLED_IMAGES, images, 3), Idx.read(BUNDLED_LABELS, labels, 1),
                    BUNDLED_IMAGES, BUNDLED_LABELS);
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("data", "bundled mnist-10k");
            source.put("split", "digits 0-5999 meta-training, 6000-7999 validation, 8000-9999 test");
            return new MnistDigits(new Split<>(all.range(0, 6000), all.range(6000, 8000), all.range(8000, 10000)), source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled MNIST digits", e);
        }
    }

    /**
     * The standard MNIST files in {@code dir}: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
     * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each optionally ending in {@code .gz}.
     */
    public static MnistDigits fromDirectory(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new IllegalArgumentException("MNIST data directory " + dir + " is a file, not a directory");
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("MNIST data directory " + dir + " does not exist");
        LabelledExamples train = load(dir, "train");
        LabelledExamples test = load(dir, "t10k");
        int n = train.count();
        if (n < 2) throw new IllegalArgumentException(dir + ": the training files hold " + n + " digits, too few to split");
        int cut = n - Math.max(1, n / 6);   // 50,000 / 10,000 for the standard 60,000
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("data", dir.toAbsolutePath().toString());
        source.put("split", "train 0-" + (cut - 1) + " meta-training, train " + cut + "-" + (n - 1) + " validation, t10k test");
        return new MnistDigits(new Split<>(train.range(0, cut), train.range(cut, n), test), source);
    }

    private static LabelledExamples load(Path dir, String prefix) throws IOException {
        Path images = find(dir, prefix + "-images-idx3-ubyte"), labels = find(dir, prefix + "-labels-idx1-ubyte");
        try (InputStream i = Files.newInputStream(images); InputStream l = Files.newInputStream(labels)) {
            return examples(Idx.read(images.toString(), i, Files.size(images), 3),
                    Idx.read(labels.toString(), l, Files.size(labels), 1), images.toString(),
                    labels.toString());
        }
    }

    private static Path find(Path dir, String name) {
        for (String candidate : new String[]{name, name + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) return p;
        }
        throw new IllegalArgumentException("MNIST data directory " + dir + " has no " + name + " (nor " + name + ".gz)");
    }

    static LabelledExamples examples(Idx.Contents images, Idx.Contents labels, String imagesName, String labelsName) {
        if (images.shape().length != 3 || images.shape()[1] * images.shape()[2] != PIXELS)
            throw new IllegalArgumentException(imagesName + " holds images of " + java.util.Arrays.toString(images.shape())
                    + ", not 28 x 28");
        int n = images.count();
        if (labels.count() != n)
            throw new IllegalArgumentException(imagesName + " holds " + n + " images but " + labelsName + " holds "
                    + labels.count() + " labels");
        float[] x = new float[n * PIXELS];
        byte[] px = images.data();
        for (int i = 0; i < x.length; i++) x[i] = (px[i] & 0xff) / 255f;
        int[] y = new int[n];
        byte[] lb = labels.data();
        for (int i = 0; i < n; i++) {
            y[i] = lb[i] & 0xff;
            if (y[i] >= CLASSES) throw new IllegalArgumentException(labelsName + ": label " + y[i] + " of digit " + i + " is not 0-9");
        }
        return new LabelledExamples(x, y, PIXELS, CLASSES);
    }

    /** The same split as DL4J data sets (features n x pixels, one-hot labels n x 10), for {@link org.l2l4j.dl4j.NetworkFamily}. */
    public Split<DataSet> dataSplit() {
        return split.map(MnistDigits::dataSet);
    }

    static DataSet dataSet(LabelledExamples e) {
        float[] y = new float[e.count() * e.classes()];
        for (int i = 0; i < e.count(); i++) y[i * e.classes() + e.labels()[i]] = 1;
        return new DataSet(Nd4j.create(e.features(), new long[]{e.count(), e.inputs()}, 'c'),
                Nd4j.create(y, new long[]{e.count(), e.classes()}, 'c'));
    }

    /**
     * The same digits with each image averaged over factor x factor blocks of pixels ((28 / factor)^2 values,
     * still in [0, 1]): smaller images for networks that are costly per pixel, such as DL4J's convolutions on a CPU.
     */
    public MnistDigits downsampled(int factor) {
        if (factor == 1) return this;
        Map<String, Object> source = new LinkedHashMap<>(this.source);
        int side = SIDE / factor;
        source.put("images", side + " x " + side + " (means of " + factor + " x " + factor + " pixel blocks)");
        return new MnistDigits(split.map(e -> downsample(e, factor)), source);
    }

    /** Each image's mean over factor x factor blocks: (28 / factor)^2 inputs, still in [0, 1]. */
    public static LabelledExamples downsample(LabelledExamples digits, int factor) {
        if (digits.inputs() != PIXELS || factor < 1 || SIDE % factor != 0)
            throw new IllegalArgumentException("downsampling needs 28 x 28 images and a factor dividing 28 (1, 2, 4, 7, 14 or 28), "
                    + "got " + digits.inputs() + " inputs and factor " + factor);
        if (factor == 1) return digits;
        int side = SIDE / factor, n = digits.count();
        float[] in = digits.features(), out = new float[n * side * side];
        float norm = 1f / (factor * factor);
        for (int e = 0; e < n; e++)
            for (int r = 0; r < SIDE; r++)
                for (int c = 0; c < SIDE; c++)
                    out[e * side * side + (r / factor) * side + c / factor] += in[e * SIDE * SIDE + r * SIDE + c] * norm;
        return new LabelledExamples(out, digits.labels(), side * side, digits.classes());
    }

    private static InputStream resource(String name) {
        InputStream in = MnistDigits.class.getResourceAsStream(name);
        if (in == null) throw new IllegalStateException("the bundled MNIST file " + name + " is missing from the class path");
        return in;
    }
}
