package org.l2l4j.core.problem.art;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The neural-art loss of a {@link NeuralArtFamily} written independently as one SameDiff graph, from the
 * pixels of the images, the content images and the style image, with its gradient to the pixels by SameDiff's
 * automatic differentiation: the reference the family's {@link ArtKernel} is checked against.
 */
final class SameDiffArtLoss {
    private final SameDiff sd = SameDiff.create();
    private final int count, size;
    private final String losses;

    SameDiffArtLoss(NeuralArtFamily family, int count, DataType type) {
        this.count = count;
        this.size = family.size();
        FeatureNetwork net = family.features();
        RgbImage style = family.styleImage();
        SDVariable image = sd.placeHolder("image", type, count, 3, size, size);
        SDVariable content = sd.placeHolder("content", type, count, 3, size, size);
        SDVariable styleImage = sd.placeHolder("style", type, 1, 3, style.height(), style.width());
        Map<String, SDVariable> mine = apply(net, image, type), theirs = apply(net, content, type), styles = apply(net, styleImage, type);

        SDVariable contentLoss = sd.math().squaredDifference(mine.get(net.contentLayer()), theirs.get(net.contentLayer())).mean(1, 2, 3);
        List<SDVariable> terms = new ArrayList<>();
        for (String layer : net.styleLayers())
            terms.add(sd.math().squaredDifference(gram(mine.get(layer), net.shapeAt(layer, size)),
                    gram(styles.get(layer), net.shapeAt(layer, style.width()))).mean(1, 2));
        SDVariable styleLoss = terms.get(0);
        for (int i = 1; i < terms.size(); i++) styleLoss = styleLoss.add(terms.get(i));
        SDVariable down = image.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(1, size), SDIndex.all())
                .sub(image.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, size - 1), SDIndex.all()));
        SDVariable across = image.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(1, size))
                .sub(image.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(0, size - 1)));
        SDVariable variation = sd.math().square(down).mean(1, 2, 3).add(sd.math().square(across).mean(1, 2, 3));
        var w = family.weights();
        SDVariable l = contentLoss.mul(w.content()).add(styleLoss.mul(w.style())).add(variation.mul(w.variation()));
        losses = l.name();
        sd.setLossVariables(l.sum());
        PrintStream out = System.out;   // M2.1 prints a line per differentiated op
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            sd.createGradFunction("image");
        } finally {
            System.setOut(out);
        }
    }

    /** The network on {@code x}: convolutions ("same", ReLU) and 2 x 2 poolings, features by layer name. */
    private Map<String, SDVariable> apply(FeatureNetwork net, SDVariable x, DataType type) {
        x = x.mul(net.scale()).sub(sd.constant(Nd4j.create(new double[]{net.mean(0), net.mean(1), net.mean(2)}, new long[]{1, 3, 1, 1}, type)));
        Map<String, SDVariable> out = new HashMap<>();
        for (FeatureNetwork.Layer layer : net.layers()) {
            if (layer instanceof FeatureNetwork.Convolution c) {
                // k x k x in x out: SameDiff's conv2d_bp ignores another weightsFormat
                var weights = sd.constant(Nd4j.create(c.weights(), new long[]{c.out(), c.in(), c.kernel(), c.kernel()}, DataType.FLOAT)
                        .permute(2, 3, 1, 0).castTo(type).dup('c'));
                var bias = sd.constant(Nd4j.create(c.bias(), new long[]{c.out()}, DataType.FLOAT).castTo(type));
                x = sd.nn().relu(sd.cnn().conv2d(x, weights, bias, Conv2DConfig.builder().kH(c.kernel()).kW(c.kernel())
                        .paddingMode(PaddingMode.SAME).build()), 0);
                out.put(c.name(), x);
            } else {
                var config = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).build();
                x = ((FeatureNetwork.Pooling) layer).max() ? sd.cnn().maxPooling2d(x, config) : sd.cnn().avgPooling2d(x, config);
            }
        }
        return out;
    }

    private SDVariable gram(SDVariable f, long[] shape) {
        long positions = shape[1] * shape[1];
        SDVariable flat = f.reshape(-1, shape[0], positions);
        return sd.mmul(flat, flat, false, true, false).div(positions);
    }

    /** Losses (count values) and the gradient (count x 3 x size x size) at {@code images}. */
    record Result(double[] losses, INDArray gradient) {}

    Result evaluate(INDArray images, INDArray contents, INDArray style) {
        var r = sd.calculateGradientsAndOutputs(Map.of("image", images, "content", contents, "style", style), List.of(losses), List.of("image"));
        return new Result(r.getOutputs().get(losses).toDoubleVector(), r.getGradients().get("image"));
    }
}
