package org.l2l4j.core.problem.art;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.l2l4j.core.host.Blas;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.Raw;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward pass of a {@link FeatureNetwork} and the backward pass of the neural-art loss to the pixels, for one
 * image of one size at a time: each convolution is an im2col and one OpenBLAS GEMM, its backward pass (to the input
 * only: the weights are fixed) one GEMM and a col2im. Every buffer is allocated once; an instance is used by one
 * thread.
 *
 * <p>Why not SameDiff's automatic differentiation, which the tests use as the reference: in ND4J 1.0.0-M2.1 its
 * conv2d_bp also computes the weight gradients and ran 4-6 times slower than the forward convolution, which itself ran
 * at a few GFLOP/s here; this is the difference between hours and minutes for a baseline search.
 *
 * <p>Layout: a feature map is a column-major positions x channels block, so each channel is one row-major plane and
 * an image's block is exactly its NCHW planes.
 */
final class ArtKernel {
    private final FeatureNetwork network;
    private final int size;
    private final boolean f32;
    private final List<Stage> stages = new ArrayList<>();
    private final Block input, inputGradient;

    /** One layer's buffers. */
    private static final class Stage {
        final FeatureNetwork.Layer layer;
        final int side, channels, inSide, inChannels;   // output and input
        final Block out, gradient;                       // positions x channels
        Block weights, bias, columns, columnGradient;    // convolutions: K x out, out x 1, positions x K
        Block gram;                                      // style layers: channels x channels
        int[] argmax;                                    // max pooling: the input position of each output

        Stage(FeatureNetwork.Layer layer, int inSide, int inChannels, DataType type) {
            this.layer = layer;
            this.inSide = inSide;
            this.inChannels = inChannels;
            if (layer instanceof FeatureNetwork.Convolution c) {
                side = inSide;
                channels = c.out();
                int k = c.in() * c.kernel() * c.kernel();
                // DL4J's out x in x k x k row-major weights are, read column-major, the K x out matrix im2col needs
                weights = Block.of(Nd4j.create(c.weights(), new long[]{k, c.out()}, 'f').castTo(type).dup('f'));
                bias = Block.of(Nd4j.create(c.bias(), new long[]{c.out(), 1}, 'f').castTo(type).dup('f'));
                columns = buffer(type, side * side, k);
                columnGradient = buffer(type, side * side, k);
            } else {
                side = inSide / 2;
                channels = inChannels;
                if (((FeatureNetwork.Pooling) layer).max()) argmax = new int[side * side * channels];
            }
            out = buffer(type, side * side, channels);
            gradient = buffer(type, side * side, channels);
        }
    }

    static Block buffer(DataType type, int rows, int cols) {
        return Block.of(Nd4j.zeros(type, rows, cols).dup('f'));
    }

    ArtKernel(FeatureNetwork network, int size, DataType type) {
        this.network = network;
        this.size = size;
        this.f32 = type == DataType.FLOAT;
        input = buffer(type, size * size, 3);
        inputGradient = buffer(type, size * size, 3);
        int side = size, channels = 3;
        List<String> tapped = network.tapped();
        int found = 0;
        for (FeatureNetwork.Layer layer : network.layers()) {
            if (found == tapped.size()) break;   // nothing after the last tapped layer is needed
            Stage s = new Stage(layer, side, channels, type);
            if (s.side < 1) throw new IllegalArgumentException(size + "x" + size + " images are too small for " + layer.name());
            stages.add(s);
            side = s.side;
            channels = s.channels;
            if (tapped.contains(layer.name())) found++;
        }
    }

    int size() { return size; }

    /** The features of a tapped layer after {@link #forward}: positions x channels. */
    Block features(String layer) {
        for (Stage s : stages) if (s.layer.name().equals(layer)) return s.out;
        throw new IllegalArgumentException("no layer " + layer);
    }

    /** The forward pass of one image: {@code pixels} is its NCHW planes, size^2 x 3. */
    void forward(Block pixels) {
        int n = size * size;
        for (int c = 0; c < 3; c++) {
            double m = network.mean(c), scale = network.scale();
            for (int p = 0; p < n; p++) input.put(p, c, scale * pixels.get(p, c) - m);
        }
        Block in = input;
        for (Stage s : stages) {
            if (s.layer instanceof FeatureNetwork.Convolution c) convolve(s, c.kernel(), in);
            else pool(s, ((FeatureNetwork.Pooling) s.layer).max(), in);
            in = s.out;
        }
    }

    private void convolve(Stage s, int kernel, Block in) {
        im2col(in, s.inSide, s.inChannels, kernel, s.columns);
        Blas.gemm(false, false, 1, s.columns, s.weights, 0, s.out);
        int n = s.side * s.side;
        for (int c = 0; c < s.channels; c++) {
            double b = s.bias.get(c);
            long at = s.out.column(c);
            for (int p = 0; p < n; p++) {
                double v = Raw.get(f32, at, p) + b;
                Raw.put(f32, at, p, v > 0 ? v : 0);
            }
        }
    }

    /** columns(p, (ci k + dy) k + dx) = in(p shifted by (dy - r, dx - r), ci), 0 outside: "same" padding. */
    private void im2col(Block in, int side, int channels, int kernel, Block columns) {
        int r = (kernel - 1) / 2;
        for (int ci = 0; ci < channels; ci++) {
            long src = in.column(ci);
            for (int dy = 0; dy < kernel; dy++)
                for (int dx = 0; dx < kernel; dx++) {
                    long dst = columns.column((ci * kernel + dy) * kernel + dx);
                    int oy = dy - r, ox = dx - r;
                    for (int y = 0; y < side; y++) {
                        int sy = y + oy;
                        for (int x = 0; x < side; x++) {
                            int sx = x + ox;
                            double v = sy < 0 || sy >= side || sx < 0 || sx >= side ? 0 : Raw.get(f32, src, (long) sy * side + sx);
                            Raw.put(f32, dst, (long) y * side + x, v);
                        }
                    }
                }
        }
    }

    /** The adjoint of im2col: accumulates columns back into {@code in}'s positions. */
    private void col2im(Block columns, int side, int channels, int kernel, Block in) {
        int r = (kernel - 1) / 2;
        for (int ci = 0; ci < channels; ci++) {
            long dst = in.column(ci);
            for (int dy = 0; dy < kernel; dy++)
                for (int dx = 0; dx < kernel; dx++) {
                    long src = columns.column((ci * kernel + dy) * kernel + dx);
                    int oy = dy - r, ox = dx - r;
                    for (int y = Math.max(0, -oy); y < Math.min(side, side - oy); y++) {
                        int sy = y + oy;
                        for (int x = Math.max(0, -ox); x < Math.min(side, side - ox); x++) {
                            long to = (long) sy * side + x + ox;
                            Raw.put(f32, dst, to, Raw.get(f32, dst, to) + Raw.get(f32, src, (long) y * side + x));
                        }
                    }
                }
        }
    }

    /** 2 x 2, stride 2; an odd last row or column is dropped, as SameDiff's and DL4J's poolings do. */
    private void pool(Stage s, boolean max, Block in) {
        int side = s.side, inSide = s.inSide;
        for (int c = 0; c < s.channels; c++) {
            long src = in.column(c), dst = s.out.column(c);
            for (int y = 0; y < side; y++)
                for (int x = 0; x < side; x++) {
                    int p00 = 2 * y * inSide + 2 * x;
                    int[] ps = {p00, p00 + 1, p00 + inSide, p00 + inSide + 1};
                    double v;
                    if (max) {
                        int best = ps[0];
                        for (int p : ps) if (Raw.get(f32, src, p) > Raw.get(f32, src, best)) best = p;
                        s.argmax[c * side * side + y * side + x] = best;
                        v = Raw.get(f32, src, best);
                    } else {
                        v = 0;
                        for (int p : ps) v += Raw.get(f32, src, p);
                        v *= 0.25;
                    }
                    Raw.put(f32, dst, (long) y * side + x, v);
                }
        }
    }

    /**
     * The loss of one image ({@code pixels}, size^2 x 3) and its gradient into {@code gradient} (same shape).
     *
     * @param contentTarget the content image's features at the content layer, positions x channels
     * @param styleGrams    the style image's Gram matrices by layer, channels x channels
     */
    double lossAndGradient(Block pixels, Block contentTarget, Map<String, Block> styleGrams, NeuralArtFamily.LossWeights w,
                           Block gradient) {
        forward(pixels);
        for (Stage s : stages) s.gradient.zero();
        double loss = 0;
        for (Stage s : stages) {
            String name = s.layer.name();
            if (name.equals(network.contentLayer())) loss += w.content() * content(s, contentTarget, w.content());
            if (network.styleLayers().contains(name)) loss += w.style() * style(s, styleGrams.get(name), w.style());
        }
        inputGradient.zero();
        for (int i = stages.size() - 1; i >= 0; i--) {
            Stage s = stages.get(i);
            Block below = i > 0 ? stages.get(i - 1).gradient : inputGradient;
            if (s.layer instanceof FeatureNetwork.Convolution c) backConvolve(s, c.kernel(), below);
            else backPool(s, ((FeatureNetwork.Pooling) s.layer).max(), below);
        }
        double scale = network.scale();
        int n = size * size;
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < n; p++) gradient.put(p, c, scale * inputGradient.get(p, c));
        return loss + w.variation() * variation(pixels, gradient, w.variation());
    }

    /** Mean of (F - T)^2 over the layer's features; adds weight times its gradient to the layer's. */
    private double content(Stage s, Block target, double weight) {
        int count = s.side * s.side * s.channels;
        double sum = 0, g = 2 * weight / count;
        for (int i = 0; i < count; i++) {
            double d = s.out.get(i) - target.get(i);
            sum += d * d;
            s.gradient.put(i, s.gradient.get(i) + g * d);
        }
        return sum / count;
    }

    /** Mean of (G - A)^2 over the Gram matrix, G = F^T F / positions; adds weight times its gradient. */
    private double style(Stage s, Block target, double weight) {
        int positions = s.side * s.side, c = s.channels;
        if (s.gram == null) s.gram = buffer(s.out.dataType(), c, c);
        Block gram = s.gram;
        Blas.gemm(true, false, 1.0 / positions, s.out, s.out, 0, gram);
        double sum = 0;
        for (int i = 0; i < c * c; i++) {
            double d = gram.get(i) - target.get(i);
            sum += d * d;
            gram.put(i, d);
        }
        // d/dF of sum (G - A)^2 / c^2 is 4 F (G - A) / (c^2 positions), (G - A) being symmetric
        Blas.gemm(false, false, 4 * weight / ((double) c * c * positions), s.out, gram, 1, s.gradient);
        return sum / ((double) c * c);
    }

    private void backConvolve(Stage s, int kernel, Block below) {
        int n = s.side * s.side;
        for (int c = 0; c < s.channels; c++) {
            long out = s.out.column(c), g = s.gradient.column(c);
            for (int p = 0; p < n; p++) if (!(Raw.get(f32, out, p) > 0)) Raw.put(f32, g, p, 0);   // ReLU
        }
        Blas.gemm(false, true, 1, s.gradient, s.weights, 0, s.columnGradient);
        col2im(s.columnGradient, s.inSide, s.inChannels, kernel, below);
    }

    private void backPool(Stage s, boolean max, Block below) {
        int side = s.side, inSide = s.inSide;
        for (int c = 0; c < s.channels; c++) {
            long src = s.gradient.column(c), dst = below.column(c);
            for (int y = 0; y < side; y++)
                for (int x = 0; x < side; x++) {
                    double g = Raw.get(f32, src, (long) y * side + x);
                    if (max) {
                        int p = s.argmax[c * side * side + y * side + x];
                        Raw.put(f32, dst, p, Raw.get(f32, dst, p) + g);
                    } else {
                        int p00 = 2 * y * inSide + 2 * x;
                        for (int p : new int[]{p00, p00 + 1, p00 + inSide, p00 + inSide + 1})
                            Raw.put(f32, dst, p, Raw.get(f32, dst, p) + 0.25 * g);
                    }
                }
        }
    }

    /**
     * Mean squared difference of vertical neighbours plus that of horizontal neighbours, over the three planes;
     * adds weight times its gradient to {@code gradient}.
     */
    private double variation(Block pixels, Block gradient, double weight) {
        int s = size;
        double pairs = 3.0 * (s - 1) * s, down = 0, across = 0, g = 2 * weight / pairs;
        for (int c = 0; c < 3; c++) {
            long px = pixels.column(c), gr = gradient.column(c);
            for (int y = 0; y < s; y++)
                for (int x = 0; x < s; x++) {
                    long p = (long) y * s + x;
                    double v = Raw.get(f32, px, p);
                    if (y + 1 < s) {
                        double d = Raw.get(f32, px, p + s) - v;
                        down += d * d;
                        Raw.put(f32, gr, p + s, Raw.get(f32, gr, p + s) + g * d);
                        Raw.put(f32, gr, p, Raw.get(f32, gr, p) - g * d);
                    }
                    if (x + 1 < s) {
                        double d = Raw.get(f32, px, p + 1) - v;
                        across += d * d;
                        Raw.put(f32, gr, p + 1, Raw.get(f32, gr, p + 1) + g * d);
                        Raw.put(f32, gr, p, Raw.get(f32, gr, p) - g * d);
                    }
                }
        }
        return (down + across) / pairs;
    }

    /** The features of the tapped layers for N x 3 x H x W images, as N x C x h x w arrays (H = W = size). */
    Map<String, INDArray> features(INDArray images) {
        int n = (int) images.size(0), pixels = 3 * size * size;
        INDArray flat = images.castTo(f32 ? DataType.FLOAT : DataType.DOUBLE).reshape('c', (long) n * pixels, 1).dup('f');
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        List<String> tapped = network.tapped();
        for (String layer : tapped) {
            long[] shape = network.shapeAt(layer, size);
            out.put(layer, Nd4j.create(flat.dataType(), n, shape[0], shape[1], shape[1]));
        }
        for (int k = 0; k < n; k++) {
            forward(Block.at(flat, (long) k * pixels, size * size, 3));
            for (String layer : tapped) {
                Block f = features(layer);
                INDArray dst = out.get(layer).get(org.nd4j.linalg.indexing.NDArrayIndex.point(k));
                double[] v = new double[f.length()];
                for (int i = 0; i < v.length; i++) v[i] = f.get(i);
                dst.assign(Nd4j.create(v, dst.shape(), 'c').castTo(flat.dataType()));
            }
        }
        return out;
    }
}
