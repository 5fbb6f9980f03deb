package org.l2l4j.examples.art;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.Consumer;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.problem.art.FeatureNetwork;
import org.l2l4j.core.problem.art.NeuralArtFamily;
import org.l2l4j.core.problem.art.RgbImage;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The paper's neural-art set-up (section 3.4) on the bundled images: content crops of three photographs for
 * meta-training, one for validation and baseline tuning, two for test ({@link ArtImages}); one style; images of
 * {@code size} x {@code size}.
 *
 * @param size     64 for meta-training and the first test, 128 for the second
 * @param style    the style image
 * @param features which feature network
 */
public record NeuralArt(int size, RgbImage style, Features features) {

    /** The random network's seed, filter side and widths; the content layer is its second convolution. */
    static final long FEATURE_SEED = 1;
    static final int KERNEL = 3, CONTENT_LAYER = 2;
    static final int[] WIDTHS = {16, 32, 64};
    /** Loss weights and start noise, chosen on validation images (docs/art.md). */
    static final NeuralArtFamily.LossWeights WEIGHTS = new NeuralArtFamily.LossWeights(1, 30, 0.3);
    static final double NOISE = 0.1;

    /** Which network measures content and style. */
    public enum Features {
        /** VGG-16 when its ImageNet weights are in DL4J's cache with DL4J's checksum, else random. */
        AUTO,
        /** The seeded random network. */
        RANDOM,
        /** VGG-16 from DL4J's cache, or an error that says where the weights were looked for. */
        VGG16;

        public static Features parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown features '" + value + "': auto, random or vgg16");
            }
        }
    }

    public NeuralArt {
        java.util.Objects.requireNonNull(style, "style");
        java.util.Objects.requireNonNull(features, "features");
        if (size < 8) throw new IllegalArgumentException("neural-art images must be at least 8 pixels wide, got " + size);
    }

    /** 64 x 64, the training style, random features: the set-up every number in docs/art.md was measured in. */
    public static NeuralArt paper() {
        return new NeuralArt(64, ArtImages.bundled(ArtImages.TRAINING_STYLE), Features.RANDOM);
    }

    /**
     * Meta-training defaults (paper section 3.4): the 2 x 20 LSTM with log-sign preprocessing (p = 10) and no
     * output scaling, 128 steps per image in truncations of 32.
     */
    public static MetaTrainingConfig metaTrainingDefaults() {
        return new MetaTrainingConfig(LstmArchitecture.paper(new Preprocessing.LogSign(10), 1.0), 100, 8, 128, 32, 3e-3,
                MetaTrainingConfig.Schedule.CONSTANT, 0, MetaObjective.SUM, 8, 5, 1.0, 0.0, 1, DataType.FLOAT);
    }

    /** The seeded random feature network. */
    public static FeatureNetwork randomFeatures() {
        return FeatureNetwork.random(FEATURE_SEED, KERNEL, WIDTHS, CONTENT_LAYER);
    }

    /** The family; {@code notes} hears which features were chosen and why (AUTO). */
    public NeuralArtFamily family(Consumer<String> notes) {
        return new NeuralArtFamily(size, style, ArtImages.content(), network(notes), WEIGHTS, NOISE);
    }

    private FeatureNetwork network(Consumer<String> notes) {
        if (features == Features.RANDOM) return randomFeatures();
        try {
            Vgg16Features.Lookup found = Vgg16Features.lookup();
            if (found instanceof Vgg16Features.Found f) {
                notes.accept("features: VGG-16 with ImageNet weights from " + f.file());
                return Vgg16Features.read(f.file(), Vgg16Features.expectedChecksum());
            }
            String why = found instanceof Vgg16Features.Mismatch m
                    ? "VGG-16's weights file " + m.file() + " has Adler-32 " + m.adler32() + ", not DL4J's " + m.expected()
                            + " (a partial or different file)"
                    : "VGG-16's ImageNet weights are not in DL4J's cache (" + found.file() + ")";
            if (features == Features.VGG16)
                throw new IllegalArgumentException(why + "; DL4J's VGG16.initPretrained() puts them there, or use --features random");
            notes.accept("features: random network (" + why + ")");
            return randomFeatures();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read VGG-16's weights: " + e.getMessage(), e);
        }
    }
}
