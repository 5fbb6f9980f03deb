package org.l2l4j.core.problem.art;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.l2l4j.core.problem.Seeds;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fixed convolutional network in whose feature maps neural art measures content and style (Gatys et
 * al. 2015): convolutions with "same" padding, each followed by a ReLU, and 2 x 2 poolings of stride 2. The
 * input is {@code scale * pixels - mean} per channel, pixels in [0, 1], channels R, G, B. The features of a
 * convolution are its output after the ReLU.
 *
 * <p>Two kinds: {@link #random}, seeded random filters (cheap, and enough for texture statistics: see
 * {@link #random}), and a network with trained weights such as VGG-16, built from its layers by whoever
 * has them (l2l-examples converts DL4J's zoo VGG-16).
 */
public final class FeatureNetwork {

    /** One layer, in order from the input. */
    public sealed interface Layer permits Convolution, Pooling {
        String name();
    }

    /**
     * A k x k convolution with "same" padding and stride 1, then a ReLU.
     *
     * @param weights out x in x k x k, row-major (DL4J's layout of a ConvolutionLayer's W)
     * @param bias    out values
     */
    public record Convolution(String name, int kernel, int in, int out, float[] weights, float[] bias) implements Layer {
        public Convolution {
            Objects.requireNonNull(name, "name");
            if (kernel < 1 || in < 1 || out < 1) throw new IllegalArgumentException(name + ": kernel and widths must be positive");
            if (weights.length != (long) out * in * kernel * kernel || bias.length != out)
                throw new IllegalArgumentException(name + ": " + weights.length + " weights and " + bias.length + " biases for a "
                        + kernel + "x" + kernel + " convolution " + in + " -> " + out);
            weights = weights.clone();
            bias = bias.clone();
        }
    }

    /** 2 x 2 pooling of stride 2: the mean (Gatys et al. prefer it for synthesis) or the maximum (VGG's). */
    public record Pooling(String name, boolean max) implements Layer {
        public Pooling {
            Objects.requireNonNull(name, "name");
        }
    }

    private final Map<String, Object> settings;
    private final double scale;
    private final double[] mean;
    private final List<Layer> layers;
    private final String contentLayer;
    private final List<String> styleLayers;

    /**
     * @param settings     what the network is, for the provenance of everything measured with it
     * @param scale        the input is scale * pixels - mean
     * @param mean         per channel, R, G, B
     * @param contentLayer the convolution whose features measure content
     * @param styleLayers  the convolutions whose Gram matrices measure style
     */
    public FeatureNetwork(Map<String, Object> settings, double scale, double[] mean, List<Layer> layers, String contentLayer,
                          List<String> styleLayers) {
        if (mean.length != 3) throw new IllegalArgumentException("the input mean has one value per channel R, G, B, got " + mean.length);
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.scale = scale;
        this.mean = mean.clone();
        this.layers = List.copyOf(layers);
        this.contentLayer = Objects.requireNonNull(contentLayer, "contentLayer");
        this.styleLayers = List.copyOf(styleLayers);
        if (styleLayers.isEmpty()) throw new IllegalArgumentException("style needs at least one layer");
        int channels = 3;
        List<String> convolutions = new ArrayList<>();
        for (Layer l : layers) {
            if (l instanceof Convolution c) {
                if (c.in() != channels)
                    throw new IllegalArgumentException(c.name() + " takes " + c.in() + " channels, the layer before gives " + channels);
                channels = c.out();
                convolutions.add(c.name());
            }
        }
        for (String name : tapped())
            if (!convolutions.contains(name))
                throw new IllegalArgumentException("no convolution named " + name + " among " + convolutions);
    }

    /** What the network is: recorded in the family's settings. */
    public Map<String, Object> settings() { return settings; }

    public List<Layer> layers() { return layers; }

    /** The input is scale * pixels - mean. */
    public double scale() { return scale; }

    /** Subtracted from channel c (R, G, B) after scaling. */
    public double mean(int c) { return mean[c]; }

    public String contentLayer() { return contentLayer; }

    public List<String> styleLayers() { return styleLayers; }

    /** The content layer and the style layers, each once, in network order. */
    List<String> tapped() {
        List<String> names = new ArrayList<>();
        for (Layer l : layers)
            if (l.name().equals(contentLayer) || styleLayers.contains(l.name())) names.add(l.name());
        return names;
    }

    /**
     * Seeded random filters, N(0, 2 / fan-in) (He et al. 2015), biases 0, pixels centred (mean 0.5). Random
     * convolutional features carry texture statistics: Ustyuzhaninov, Brendel, Gatys and Bethge (2017, "What
     * does it take to generate natural textures?", ICLR; first as "Texture synthesis using shallow
     * convolutional networks with random filters", 2016) synthesize natural textures from Gram matrices of a
     * single layer of random filters, and He, Wang and Hopcroft (2016, "A powerful generative model using
     * random weights for the deep image representation", NeurIPS) transfer style with an untrained VGG.
     * Here: convolutions of the given widths with a mean pooling between each two; content at {@code content}
     * (1-based), style at every convolution.
     *
     * @param kernel side of every filter
     */
    public static FeatureNetwork random(long seed, int kernel, int[] widths, int content) {
        if (widths.length == 0) throw new IllegalArgumentException("a feature network needs at least one convolution");
        if (content < 1 || content > widths.length)
            throw new IllegalArgumentException("the content layer must be one of the " + widths.length + " convolutions, got " + content);
        var rng = new SplittableRandom(Seeds.mix(seed ^ 0xFEA7L));
        List<Layer> layers = new ArrayList<>();
        List<String> style = new ArrayList<>();
        int in = 3;
        for (int l = 0; l < widths.length; l++) {
            if (l > 0) layers.add(new Pooling("pool" + l, false));
            int out = widths[l];
            double std = Math.sqrt(2.0 / (in * kernel * kernel));
            float[] w = new float[out * in * kernel * kernel];
            for (int i = 0; i < w.length; i++) w[i] = (float) (std * rng.nextGaussian());
            String name = "conv" + (l + 1);
            layers.add(new Convolution(name, kernel, in, out, w, new float[out]));
            style.add(name);
            in = out;
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("network", "random");
        settings.put("seed", seed);
        settings.put("kernel", kernel);
        settings.put("widths", java.util.Arrays.toString(widths));
        settings.put("filters", "N(0, 2/fan-in), biases 0, ReLU, 2x2 mean pooling between convolutions");
        settings.put("content", "conv" + content);
        settings.put("style", style.toString());
        return new FeatureNetwork(settings, 1, new double[]{0.5, 0.5, 0.5}, layers, "conv" + content, style);
    }

    /** Channels and side of a convolution's feature maps for size x size images. */
    long[] shapeAt(String layer, int size) {
        long channels = 3, side = size;
        for (Layer l : layers) {
            if (l instanceof Convolution c) channels = c.out();
            else side /= 2;
            if (l.name().equals(layer)) return new long[]{channels, side};
        }
        throw new IllegalArgumentException("no layer named " + layer);
    }

    /**
     * The features of the content and style layers for {@code images} (N x 3 x S x S pixels, R, G, B), by layer
     * name, as N x C x h x w arrays in the images' data type (FLOAT or DOUBLE).
     */
    public Map<String, INDArray> features(INDArray images) {
        if (images.rank() != 4 || images.size(1) != 3 || images.size(2) != images.size(3))
            throw new IllegalArgumentException("need N x 3 x S x S images, got " + java.util.Arrays.toString(images.shape()));
        return new ArtKernel(this, (int) images.size(2), images.dataType()).features(images);
    }
}
