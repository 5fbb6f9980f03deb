package org.l2l4j.examples.art;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.zoo.model.VGG16;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.problem.art.FeatureNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * VGG-16 features: which layers of DL4J's zoo VGG-16 are taken, that a converted DL4J network computes what DL4J
 * computes, and where the ImageNet weights are looked for and what happens when they are not there.
 */
class Vgg16FeaturesTest {

    @Test
    void thePlanOfDl4jsVgg16TakesItsThirteenConvolutionsAndFivePoolings() {
        List<Vgg16Features.Step> plan = Vgg16Features.plan(VGG16.builder().build().conf());
        List<String> names = plan.stream().map(Vgg16Features.Step::name).toList();
        assertEquals(List.of("conv1_1", "conv1_2", "pool1", "conv2_1", "conv2_2", "pool2", "conv3_1", "conv3_2", "conv3_3", "pool3",
                "conv4_1", "conv4_2", "conv4_3", "pool4", "conv5_1", "conv5_2", "conv5_3", "pool5"), names, "the chain stops at the dense layers");
        assertEquals("11", plan.get(names.indexOf(Vgg16Features.CONTENT)).vertex(), "Gatys's content layer conv4_2 is DL4J's layer 11");
        List<String> style = new ArrayList<>();
        for (String s : Vgg16Features.STYLE) style.add(plan.get(names.indexOf(s)).vertex());
        assertEquals(List.of("0", "3", "6", "10", "14"), style);
    }

    /** conv 3x3 pad 1 (3 -> 4), max pool, conv 3x3 pad 1 (4 -> 5), then dense layers the conversion leaves out. */
    private static ComputationGraph tiny() {
        var conf = new NeuralNetConfiguration.Builder().seed(3).weightInit(WeightInit.XAVIER).biasInit(0.1)
                .activation(Activation.RELU).dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in")
                .layer("c1", new ConvolutionLayer.Builder().kernelSize(3, 3).stride(1, 1).padding(1, 1).nIn(3).nOut(4).build(), "in")
                .layer("p1", new SubsamplingLayer.Builder().poolingType(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "c1")
                .layer("c2", new ConvolutionLayer.Builder().kernelSize(3, 3).stride(1, 1).padding(1, 1).nOut(5).build(), "p1")
                .layer("d", new DenseLayer.Builder().nOut(3).build(), "c2")
                .layer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "d")
                .setOutputs("out").setInputTypes(InputType.convolutional(8, 8, 3)).build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        graph.getLayer("c1").getParam("b").assign(Nd4j.rand(DataType.FLOAT, 1, 4).subi(0.5));
        return graph;
    }

    @Test
    void aConvertedNetworkComputesWhatDl4jComputesOnBgrPixelsMinusTheImageNetMeans() {
        ComputationGraph graph = tiny();
        FeatureNetwork net = Vgg16Features.convert(graph, "conv2_1", List.of("conv1_1", "conv2_1"), Map.of("network", "tiny"));
        assertEquals(3, net.layers().size(), "nothing after the last tapped layer");

        INDArray rgb = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
        INDArray bgr = Nd4j.create(DataType.FLOAT, 2, 3, 8, 8);
        double[] meanBgr = {103.939, 116.779, 123.68};
        for (int c = 0; c < 3; c++)
            bgr.get(NDArrayIndex.all(), NDArrayIndex.point(c)).assign(rgb.get(NDArrayIndex.all(), NDArrayIndex.point(2 - c)).mul(255).sub(meanBgr[c]));
        Map<String, INDArray> dl4j = graph.feedForward(bgr, false);
        Map<String, INDArray> ours = net.features(rgb);
        for (String[] pair : new String[][]{{"conv1_1", "c1"}, {"conv2_1", "c2"}}) {
            INDArray expected = dl4j.get(pair[1]), actual = ours.get(pair[0]);
            assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()));
            double scale = expected.amaxNumber().doubleValue();
            assertTrue(scale > 0, "the layer is active");
            double worst = expected.sub(actual).amaxNumber().doubleValue() / scale;
            assertTrue(worst < 1e-5, pair[0] + " differs from DL4J's " + pair[1] + " by " + worst + " of its largest value");
        }
    }

    @Test
    void theWeightsAreLookedForWhereDl4jKeepsThemAndAMismatchIsLeftAlone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("models/vgg16/vgg16_dl4j_inference.zip");
        try {
            DL4JResources.setBaseDirectory(dir.toFile());
            assertEquals(file, Vgg16Features.cachedWeights());
            assertEquals(3501732770L, Vgg16Features.expectedChecksum(), "DL4J's recorded Adler-32 of the ImageNet weights");
            assertInstanceOf(Vgg16Features.Missing.class, Vgg16Features.lookup());

            List<String> notes = new ArrayList<>();
            var auto = new NeuralArt(16, ArtImages.bundled("brick"), NeuralArt.Features.AUTO).family(notes::add);
            assertEquals("random", auto.features().settings().get("network"), "without the weights: the random network");
            assertTrue(notes.get(0).contains("random network") && notes.get(0).contains(file.toString()), notes.toString());
            var required = new NeuralArt(16, ArtImages.bundled("brick"), NeuralArt.Features.VGG16);
            var e = assertThrows(IllegalArgumentException.class, () -> required.family(notes::add));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("--features random"), e.getMessage());

            Files.createDirectories(file.getParent());
            Files.writeString(file, "half a download");
            var found = Vgg16Features.lookup();
            var mismatch = assertInstanceOf(Vgg16Features.Mismatch.class, found);
            assertNotEquals(mismatch.expected(), mismatch.adler32());
            notes.clear();
            new NeuralArt(16, ArtImages.bundled("brick"), NeuralArt.Features.AUTO).family(notes::add);
            assertTrue(notes.get(0).contains("Adler-32"), notes.toString());
            assertTrue(Files.exists(file), "a file that fails the check is not deleted");

            var adler = new java.util.zip.Adler32();
            adler.update(Files.readAllBytes(file));
            assertInstanceOf(Vgg16Features.Found.class, Vgg16Features.lookup(file, adler.getValue()), "found when the checksum matches");
        } finally {
            DL4JResources.resetBaseDirectoryLocation();
        }
    }
}
