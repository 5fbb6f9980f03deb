package org.l2l4j.examples.suite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2l4j.examples.mnist.MnistDigits;
import org.nd4j.linalg.dataset.DataSet;

/**
 * MNIST digits for the suite: features n x 784 in [0, 1], one-hot labels. The bundled 10,000 split into
 * 8,000 to train on (digits 0-7999) and 2,000 held out (8000-9999, the digits every comparison of the
 * project is tested on); a directory of the standard IDX files into all its training digits and the t10k
 * digits held out.
 */
public record Digits(DataSet train, DataSet heldOut, Map<String, Object> source) {

    private static Digits bundled;

    public static synchronized Digits bundled() {
        if (bundled == null) {
            var split = MnistDigits.bundled().dataSplit();
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("data", "bundled mnist-10k");
            source.put("split", "digits 0-7999 train, 8000-9999 held out");
            bundled = new Digits(DataSet.merge(List.of(split.metaTraining(), split.validation())), split.test(), source);
        }
        return bundled.copy();
    }

    /** Validation digits 6,000-7,499 to train on and 7,500-7,999 held out. */
    static final int VALIDATION_TRAIN = 1_500;

    /**
     * The bundled validation digits (6000-7999, the part the project's own selections look at), 1,500 to train on and
     * 500 held out: for trying a network or a setting without the test digits the suite reports on.
     */
    public static Digits bundledValidation() {
        var split = MnistDigits.bundled().dataSplit();
        DataSet validation = split.validation();
        int first = split.metaTraining().numExamples(), n = validation.numExamples();
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("data", "bundled mnist-10k, validation digits");
        source.put("split", "digits " + first + "-" + (first + VALIDATION_TRAIN - 1) + " train, " + (first + VALIDATION_TRAIN) + "-"
                + (first + n - 1) + " held out");
        return new Digits(validation.getRange(0, VALIDATION_TRAIN).copy(), validation.getRange(VALIDATION_TRAIN, n).copy(), source);
    }

    /** The standard files ({@code train-images-idx3-ubyte[.gz]}, ..., {@code t10k-labels-idx1-ubyte[.gz]}) in dir. */
    public static Digits fromDirectory(Path dir) throws IOException {
        var split = MnistDigits.fromDirectory(dir).dataSplit();
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("data", dir.toAbsolutePath().toString());
        source.put("split", "all train-* digits train, t10k-* digits held out");
        return new Digits(DataSet.merge(List.of(split.metaTraining(), split.validation())), split.test(), source);
    }

    /** The first {@code n} training digits (tests). */
    public Digits firstTraining(int n, int heldOutCount) {
        Map<String, Object> s = new LinkedHashMap<>(source);
        s.put("split", "first " + n + " training digits train, first " + heldOutCount + " held-out digits held out");
        return new Digits(train.getRange(0, n).copy(), heldOut.getRange(0, heldOutCount).copy(), s);
    }

    /** Images as their own targets, for autoencoders. */
    public Digits reconstruction() {
        Map<String, Object> s = new LinkedHashMap<>(source);
        s.put("targets", "the images themselves");
        return new Digits(new DataSet(train.getFeatures(), train.getFeatures()), new DataSet(heldOut.getFeatures(), heldOut.getFeatures()), s);
    }

    public InMemoryData minibatches(int size) {
        return new InMemoryData(train, heldOut, size, source);
    }

    private Digits copy() {
        return new Digits(train.copy(), heldOut.copy(), new LinkedHashMap<>(source));
    }
}
