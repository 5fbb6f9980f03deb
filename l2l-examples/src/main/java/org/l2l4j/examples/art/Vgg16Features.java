package org.l2l4j.examples.art;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.common.resources.ResourceType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.model.VGG16;
import org.l2l4j.core.problem.art.FeatureNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * VGG-16 features from DL4J's model zoo (deeplearning4j-zoo), as Gatys et al. used them: content at conv4_2,
 * style at conv1_1, conv2_1, conv3_1, conv4_1 and conv5_1, each after its ReLU.
 *
 * <p>The ImageNet weights are looked up where DL4J's own {@code VGG16.initPretrained()} keeps them
 * ({@code <DL4J resources>/models/vgg16/vgg16_dl4j_inference.zip}, by default under
 * {@code ~/.deeplearning4j}) and used only if the file's Adler-32 is DL4J's recorded checksum. Nothing is
 * ever downloaded, and a file that fails the check is left alone (DL4J itself would delete it).
 *
 * <p>DL4J's VGG-16 takes BGR pixels in 0..255 minus the ImageNet means (its VGG16ImagePreProcessor); the
 * conversion reverses the first convolution's input channels instead, so the network takes the R, G, B
 * planes every other feature network takes.
 */
public final class Vgg16Features {
    /** ImageNet channel means, R, G, B (VGG16ImagePreProcessor's are B, G, R). */
    static final double[] MEAN_RGB = {123.68, 116.779, 103.939};
    static final String CONTENT = "conv4_2";
    static final List<String> STYLE = List.of("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1");

    private Vgg16Features() {}

    /** What the lookup found. */
    public sealed interface Lookup permits Found, Missing, Mismatch {
        Path file();
    }

    public record Found(Path file) implements Lookup {}

    public record Missing(Path file) implements Lookup {}

    /** The file is there but its checksum is not DL4J's. */
    public record Mismatch(Path file, long adler32, long expected) implements Lookup {}

    /** Where DL4J keeps the ImageNet weights of its zoo's VGG-16. */
    public static Path cachedWeights() {
        VGG16 vgg = VGG16.builder().build();
        String name = Path.of(vgg.pretrainedUrl(PretrainedType.IMAGENET)).getFileName().toString();
        return DL4JResources.getBaseDirectory().toPath().resolve(ResourceType.ZOO_MODEL.resourceName())
                .resolve(vgg.modelName()).resolve(name);
    }

    /** DL4J's Adler-32 of the ImageNet weights file. */
    public static long expectedChecksum() {
        return VGG16.builder().build().pretrainedChecksum(PretrainedType.IMAGENET);
    }

    /** Looks for the ImageNet weights in DL4J's cache. */
    public static Lookup lookup() throws IOException {
        return lookup(cachedWeights(), expectedChecksum());
    }

    static Lookup lookup(Path file, long expected) throws IOException {
        if (!Files.isRegularFile(file)) return new Missing(file);
        var adler = new Adler32();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) adler.update(buffer, 0, n);
        }
        return adler.getValue() == expected ? new Found(file) : new Mismatch(file, adler.getValue(), expected);
    }

    /** The feature network of the VGG-16 in {@code file} (a DL4J ComputationGraph zip). */
    static FeatureNetwork read(Path file, long adler32) throws IOException {
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(file.toFile(), false);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("network", "vgg16");
        settings.put("weights", "DL4J zoo VGG16 ImageNet (" + file.getFileName() + ", Adler-32 " + adler32 + ")");
        settings.put("content", CONTENT);
        settings.put("style", STYLE.toString());
        return convert(graph, CONTENT, STYLE, settings);
    }

    /** A convolution or pooling of the chain, and the vertex it comes from. */
    record Step(String name, String vertex, boolean convolution) {}

    /**
     * The convolutions and poolings from the input of a DL4J graph up to its first other layer, named as VGG's
     * are: conv{block}_{n}, a block ending at each pooling. Fails, naming the vertex, on a graph that is not a
     * plain chain or on layers of another form (only 3 x 3 "same" convolutions with ReLU, 2 x 2 poolings of
     * stride 2).
     */
    static List<Step> plan(ComputationGraphConfiguration conf) {
        Map<String, List<String>> consumers = new HashMap<>();
        conf.getVertexInputs().forEach((vertex, inputs) -> inputs.forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(vertex)));
        if (conf.getNetworkInputs().size() != 1) throw new IllegalArgumentException("a feature network has one input, this graph " + conf.getNetworkInputs());
        List<Step> steps = new ArrayList<>();
        int block = 1, inBlock = 0;
        String at = conf.getNetworkInputs().get(0);
        while (true) {
            List<String> next = consumers.getOrDefault(at, List.of());
            if (next.size() != 1) break;
            at = next.get(0);
            GraphVertex vertex = conf.getVertices().get(at);
            if (!(vertex instanceof LayerVertex lv)) break;
            var layer = lv.getLayerConf().getLayer();
            if (layer instanceof ConvolutionLayer c && layer.getClass() == ConvolutionLayer.class) {
                checkConvolution(at, c);
                steps.add(new Step("conv" + block + "_" + ++inBlock, at, true));
            } else if (layer instanceof SubsamplingLayer s && layer.getClass() == SubsamplingLayer.class) {
                checkPooling(at, s);
                steps.add(new Step("pool" + block, at, false));
                block++;
                inBlock = 0;
            } else {
                break;
            }
        }
        return steps;
    }

    private static void checkConvolution(String vertex, ConvolutionLayer c) {
        int[] k = c.getKernelSize(), s = c.getStride(), p = c.getPadding(), d = c.getDilation();
        boolean same = c.getConvolutionMode() == ConvolutionMode.Same || (p[0] == (k[0] - 1) / 2 && p[1] == (k[1] - 1) / 2);
        if (k[0] != k[1] || k[0] % 2 == 0 || s[0] != 1 || s[1] != 1 || d[0] != 1 || d[1] != 1 || !same || !c.hasBias()
                || !(c.getActivationFn() instanceof ActivationReLU))
            throw new IllegalArgumentException("vertex " + vertex + ": only odd square convolutions of stride 1 with 'same' padding, "
                    + "a bias and ReLU can be converted, got kernel " + java.util.Arrays.toString(k) + ", stride " + java.util.Arrays.toString(s)
                    + ", padding " + java.util.Arrays.toString(p) + ", " + c.getActivationFn());
    }

    private static void checkPooling(String vertex, SubsamplingLayer s) {
        int[] k = s.getKernelSize(), st = s.getStride(), p = s.getPadding();
        if (k[0] != 2 || k[1] != 2 || st[0] != 2 || st[1] != 2 || p[0] != 0 || p[1] != 0
                || (s.getPoolingType() != PoolingType.MAX && s.getPoolingType() != PoolingType.AVG))
            throw new IllegalArgumentException("vertex " + vertex + ": only 2x2 max or mean poolings of stride 2 can be converted, got "
                    + s.getPoolingType() + " kernel " + java.util.Arrays.toString(k) + " stride " + java.util.Arrays.toString(st));
    }

    /**
     * The chain of {@code graph} as a feature network taking R, G, B pixels in [0, 1]: the graph itself takes
     * B, G, R in 0..255 minus the ImageNet means, as DL4J's VGG-16 does. Layers after the last tapped one are
     * left out.
     */
    static FeatureNetwork convert(ComputationGraph graph, String content, List<String> style, Map<String, Object> settings) {
        List<FeatureNetwork.Layer> layers = new ArrayList<>();
        boolean first = true;
        for (Step step : plan(graph.getConfiguration())) {
            if (!step.convolution()) {
                var s = (SubsamplingLayer) ((LayerVertex) graph.getConfiguration().getVertices().get(step.vertex())).getLayerConf().getLayer();
                layers.add(new FeatureNetwork.Pooling(step.name(), s.getPoolingType() == PoolingType.MAX));
                continue;
            }
            INDArray w = graph.getLayer(step.vertex()).getParam("W").castTo(DataType.FLOAT), b = graph.getLayer(step.vertex()).getParam("b");
            long[] shape = w.shape();   // out x in x k x k
            if (first) w = w.dup('c').get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.indices(2, 1, 0));   // BGR -> RGB inputs
            first = false;
            layers.add(new FeatureNetwork.Convolution(step.name(), (int) shape[2], (int) shape[1], (int) shape[0],
                    w.dup('c').data().asFloat(), b.castTo(DataType.FLOAT).dup('c').data().asFloat()));
            if (done(layers, content, style)) break;
        }
        return new FeatureNetwork(settings, 255, MEAN_RGB, layers, content, style);
    }

    private static boolean done(List<FeatureNetwork.Layer> layers, String content, List<String> style) {
        var names = layers.stream().map(FeatureNetwork.Layer::name).toList();
        return names.contains(content) && names.containsAll(style);
    }
}
