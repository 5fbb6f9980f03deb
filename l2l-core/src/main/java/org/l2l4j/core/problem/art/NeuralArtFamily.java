package org.l2l4j.core.problem.art;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The paper's neural art problems (section 3.4; Gatys, Ecker and Bethge 2015, "A neural algorithm of
 * artistic style"): an instance is a content image c, and
 * <pre>
 *   f(theta) = a L_content(c, theta) + b L_style(s, theta) + g L_tv(theta)
 * </pre>
 * over the pixels theta of the styled image (size x size x 3, values nominally in [0, 1]), with one style
 * image s for the whole family. With F_l the features of layer l of a fixed {@link FeatureNetwork} and
 * G_l = F_l F_l^T / (positions of layer l) their Gram matrix (channels x channels):
 * <ul>
 *   <li>L_content = mean over the content layer's features of (F(theta) - F(c))^2;</li>
 *   <li>L_style = sum over the style layers of the mean over the Gram matrix of (G_l(theta) - G_l(s))^2;</li>
 *   <li>L_tv = mean over neighbouring pixel pairs, down and across, of their squared difference (a smooth
 *       total variation).</li>
 * </ul>
 * Means rather than sums keep the loss of one image the same order at every size, so the losses at 64 x 64
 * and 128 x 128 read on one scale. The optimization starts from the content image plus N(0, noise^2) pixel
 * noise, drawn per instance.
 *
 * <p>Parameters are the pixels of each instance in NCHW order (R plane, G plane, B plane, each row-major). The
 * loss and its gradient to the pixels are computed by {@link ArtKernel} (im2col and OpenBLAS); tests check them
 * against SameDiff's automatic differentiation of the same loss and against central finite differences in double
 * precision.
 *
 * <p>Settings: the side {@code size} of the content and styled images; the style image (see
 * {@link #styleImage()}); the content photographs by purpose (meta-training crops, validation and tuning
 * crops, test crops); the fixed network; the weights a, b and g; the standard deviation of the noise added to
 * the content image to start from.
 */
public final class NeuralArtFamily implements ProblemFamily {

    /** The weights of the three terms. */
    public record LossWeights(double content, double style, double variation) {
        public LossWeights {
            if (!(content >= 0) || !(style >= 0) || !(variation >= 0) || content + style + variation == 0)
                throw new IllegalArgumentException("loss weights must be >= 0 and not all 0, got " + content + ", " + style + ", " + variation);
        }
    }

    private final int size;
    private final RgbImage style;
    private final Split<ContentCrops> content;
    private final FeatureNetwork features;
    private final LossWeights weights;
    private final double noise;
    /** One kernel per thread and data type: a kernel's buffers serve one computation at a time. */
    private final ThreadLocal<Map<DataType, ArtKernel>> kernels = ThreadLocal.withInitial(() -> new EnumMap<>(DataType.class));
    private final Map<DataType, Map<String, Block>> styleGrams = new EnumMap<>(DataType.class);

    public NeuralArtFamily(int size, RgbImage style, Split<ContentCrops> content, FeatureNetwork features,
                           LossWeights weights, double noise) {
        this.style = Objects.requireNonNull(style, "style");
        this.content = Objects.requireNonNull(content, "content");
        this.features = Objects.requireNonNull(features, "features");
        this.weights = Objects.requireNonNull(weights, "weights");
        if (size < 2) throw new IllegalArgumentException("image size must be at least 2, got " + size);
        if (!(noise >= 0)) throw new IllegalArgumentException("noise must be >= 0, got " + noise);
        for (ContentCrops c : List.of(content.metaTraining(), content.validation(), content.test()))
            if (c.smallestSide() < size)
                throw new IllegalArgumentException("content photographs of " + c.smallestSide() + " pixels cannot give " + size + "x" + size + " crops");
        this.size = size;
        this.noise = noise;
    }

    public int size() { return size; }

    public RgbImage style() { return style; }

    public Split<ContentCrops> content() { return content; }

    public FeatureNetwork features() { return features; }

    public LossWeights weights() { return weights; }

    public double noise() { return noise; }

    /** The same problems at another size (the paper tests at 128 x 128 what was trained at 64 x 64). */
    public NeuralArtFamily withSize(int s) { return new NeuralArtFamily(s, style, content, features, weights, noise); }

    /** The same problems with another style image. */
    public NeuralArtFamily withStyle(RgbImage s) { return new NeuralArtFamily(size, s, content, features, weights, noise); }

    @Override public String name() { return "art"; }

    @Override public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("size", size);
        s.put("style", style.name());
        s.put("contentMetaTraining", content.metaTraining().names().toString());
        s.put("contentValidation", content.validation().names().toString());
        s.put("contentTest", content.test().names().toString());
        s.put("crops", "square, side 1/2..1 of the photograph, area-averaged to size, mirrored with p = 1/2");
        s.put("features", features.settings());
        s.put("weights", "content " + weights.content() + ", style " + weights.style() + ", variation " + weights.variation());
        s.put("start", "content + N(0, " + noise + "^2)");
        return s;
    }

    /** Largest side of the style image the Gram matrices are taken from. */
    static final int STYLE_SIDE = 512;

    /**
     * The style image as the style targets see it: its central square, at its own resolution (shrunk to
     * 512 pixels if larger). Gram matrices are means over positions, so the style's size need not be the
     * problem's, and texture keeps the same scale in pixels at 64 x 64 and at 128 x 128.
     */
    public RgbImage styleImage() {
        int side = Math.min(style.width(), style.height());
        return style.crop((style.width() - side) / 2, (style.height() - side) / 2, side).resized(Math.min(side, STYLE_SIDE));
    }

    /** A size x size square from the middle of {@link #styleImage()}: the style at the scale the problems see it. */
    public RgbImage stylePatch() {
        RgbImage s = styleImage();
        if (s.width() < size) return s.resized(size);
        return s.crop((s.width() - size) / 2, (s.height() - size) / 2, size);
    }

    /** The content image of instance {@code index} (what {@link #sample} draws for it). */
    public RgbImage contentImage(long runSeed, Seeds.Purpose purpose, long index) {
        return content.forPurpose(purpose).draw(new SplittableRandom(Seeds.instance(runSeed, purpose, index)), size);
    }

    @Override
    public ProblemBatch sample(long runSeed, Seeds.Purpose purpose, long firstIndex, int count, DataType type) {
        int pixels = 3 * size * size;
        float[] contents = new float[count * pixels];
        double[] theta0 = new double[count * pixels];
        ContentCrops crops = content.forPurpose(purpose);
        for (int k = 0; k < count; k++) {
            // one generator per instance: instance k is the same in any batch
            var rng = new SplittableRandom(Seeds.instance(runSeed, purpose, firstIndex + k));
            float[] c = crops.draw(rng, size).planes();
            System.arraycopy(c, 0, contents, k * pixels, pixels);
            for (int i = 0; i < pixels; i++) theta0[k * pixels + i] = c[i] + noise * rng.nextGaussian();
        }
        INDArray contentImages = Nd4j.create(contents, new long[]{count, 3, size, size}, 'c').castTo(type);
        INDArray target = kernel(type).features(contentImages).get(features.contentLayer());
        long[] shape = features.shapeAt(features.contentLayer(), size);
        // N x C x h x w in 'c' order is, image after image, the positions x channels blocks the kernel reads
        INDArray targets = target.reshape('c', target.length(), 1).dup('f');
        return new Batch(count, pixels, Nd4j.create(theta0, new long[]{theta0.length, 1}, DataType.DOUBLE).castTo(type).dup('f'),
                targets, (int) (shape[1] * shape[1]), (int) shape[0], styleGrams(type));
    }

    private ArtKernel kernel(DataType type) {
        return kernels.get().computeIfAbsent(type, t -> new ArtKernel(features, size, t));
    }

    /** The style image's Gram matrices (channels x channels) by layer, computed once per data type. */
    private synchronized Map<String, Block> styleGrams(DataType type) {
        return styleGrams.computeIfAbsent(type, t -> {
            RgbImage s = styleImage();
            Map<String, Block> grams = new LinkedHashMap<>();
            var maps = features.features(Nd4j.create(s.planes(), new long[]{1, 3, s.height(), s.width()}, 'c').castTo(t));
            for (String layer : features.styleLayers()) {
                INDArray f = maps.get(layer);
                long channels = f.size(1), positions = f.size(2) * f.size(3);
                INDArray flat = f.reshape('c', channels, positions);
                grams.put(layer, Block.of(flat.mmul(flat.transpose()).divi(positions).dup('f')));
            }
            return grams;
        });
    }

    /** A batch holds its start and targets; the kernel that evaluates it is the calling thread's. */
    private final class Batch implements ProblemBatch {
        private final int instances, positions, channels;
        private final long dimension;
        private final INDArray theta0, contentTargets;
        private final Map<String, Block> styleTargets;

        Batch(int instances, long dimension, INDArray theta0, INDArray contentTargets, int positions, int channels,
              Map<String, Block> styleTargets) {
            this.instances = instances;
            this.dimension = dimension;
            this.theta0 = theta0;
            this.contentTargets = contentTargets;
            this.positions = positions;
            this.channels = channels;
            this.styleTargets = styleTargets;
        }

        @Override public int instances() { return instances; }

        @Override public long dimension() { return dimension; }

        @Override public INDArray initialParameters() { return theta0.dup('f'); }

        @Override public void evaluate(int step, INDArray theta, INDArray losses, INDArray gradient) {
            ArtKernel kernel = kernel(theta.dataType());
            Block l = Block.of(losses);
            int pixels = size * size;
            for (int k = 0; k < instances; k++) {
                Block target = Block.at(contentTargets, (long) k * positions * channels, positions, channels);
                l.put(k, kernel.lossAndGradient(Block.at(theta, k * dimension, pixels, 3), target, styleTargets, weights,
                        Block.at(gradient, k * dimension, pixels, 3)));
            }
        }
    }
}
