package org.l2l4j.core.problem;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.l2l4j.core.host.Blas;
import org.l2l4j.core.host.BlasThreads;
import org.l2l4j.core.host.Block;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-layer perceptrons on a classification data set (the paper's MNIST problems, section 3.2): dense
 * layers with one activation, a softmax output and the mean cross-entropy of a minibatch. Parameters are
 * laid out as DL4J lays out a MultiLayerNetwork of DenseLayers and an OutputLayer (per layer W, nIn x nOut
 * column-major, then b), and the gradient is the one DL4J's updater sees (of the minibatch mean), so an
 * optimizer meta-trained here runs unchanged in a DL4J network of the same shape; a test checks the
 * losses and gradients against DL4J's.
 *
 * <p>Why not DL4J itself during meta-training: its forward and backward pass cost about 2.7 ms per
 * instance and step on a 784-20-10 network (ND4J's per-op dispatch); this one is a few BLAS calls and
 * loops, about ten times less, which matters most to baseline tuning (7 optimizers x 30 learning rates).
 *
 * <p>Besides the paper's set-up (softmax, N(0, initStd^2) weights), an instance can be an autoencoder (sigmoid
 * outputs, DL4J's binary cross-entropy {@code XENT} against the inputs themselves) and start from DL4J's Xavier or
 * ReLU (He) initialization, so that meta-training can cover the networks DL4J users build.
 *
 * @param widths     inputs, hidden widths..., classes (or, for a reconstruction, the inputs again)
 * @param initStd    with {@link Init#NORMAL}, weights start N(0, initStd^2); biases always start at 0
 * @param minibatch  examples per step, drawn by {@link MinibatchSchedule}
 * @param output     the output layer and loss
 * @param init       how the weights start
 */
public record MlpFamily(String name, int[] widths, Activation activation, double initStd, int minibatch,
                        Split<LabelledExamples> data,
                        Map<String, Object> source, Output output, Init init) implements ProblemFamily {

    /** The output layer and its loss, each DL4J's. */
    public enum Output {
        /** Softmax and the mean cross-entropy (DL4J's MCXENT): classification. */
        SOFTMAX_CROSS_ENTROPY,
        /** Sigmoid and binary cross-entropy summed over outputs (DL4J's XENT), the targets being the inputs: an autoencoder. */
        SIGMOID_RECONSTRUCTION
    }

    /** Initial weights. */
    public enum Init {
        /** N(0, initStd^2), the paper's (0.01). */
        NORMAL,
        /** DL4J's XAVIER: N(0, 2 / (fanIn + fanOut)). */
        XAVIER,
        /** DL4J's RELU (He et al.): N(0, 2 / fanIn). */
        RELU;

        double std(double initStd, int fanIn, int fanOut) {
            return switch (this) {
                case NORMAL -> initStd;
                case XAVIER -> Math.sqrt(2.0 / (fanIn + fanOut));
                case RELU -> Math.sqrt(2.0 / fanIn);
            };
        }
    }

    /** The paper's kind: a softmax classifier with N(0, initStd^2) weights. */
    public MlpFamily(String name, int[] widths, Activation activation, double initStd, int minibatch,
                     Split<LabelledExamples> data, Map<String, Object> source) {
        this(name, widths, activation, initStd, minibatch, data, source, Output.SOFTMAX_CROSS_ENTROPY, Init.NORMAL);
    }

    /** Hidden-layer activations; IDENTITY makes a linear hidden layer (DL4J's LeNet example has linear convolutions). */
    public enum Activation {
        SIGMOID, RELU, TANH, IDENTITY;

        double apply(double z) {
            return switch (this) {
                case SIGMOID -> 1 / (1 + Math.exp(-z));
                case RELU -> Math.max(0, z);
                case TANH -> Math.tanh(z);
                case IDENTITY -> z;
            };
        }

        /** d activation / dz, from the activation's output a. */
        double slope(double a) {
            return switch (this) {
                case SIGMOID -> a * (1 - a);
                case RELU -> a > 0 ? 1 : 0;
                case TANH -> 1 - a * a;
                case IDENTITY -> 1;
            };
        }
    }

    public MlpFamily {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(init, "init");
        widths = widths.clone();
        if (widths.length < 2) throw new IllegalArgumentException("an MLP needs inputs and classes, got " + Arrays.toString(widths));
        for (int w : widths) if (w < 1) throw new IllegalArgumentException("layer widths must be positive: " + Arrays.toString(widths));
        int outputs = widths[widths.length - 1];
        for (LabelledExamples e : new LabelledExamples[]{data.metaTraining(), data.validation(), data.test()}) {
            if (output == Output.SOFTMAX_CROSS_ENTROPY && (e.inputs() != widths[0] || e.classes() != outputs))
                throw new IllegalArgumentException("examples of " + e.inputs() + " inputs and " + e.classes()
                        + " classes do not fit an MLP " + Arrays.toString(widths));
            if (output == Output.SIGMOID_RECONSTRUCTION && (e.inputs() != widths[0] || outputs != widths[0]))
                throw new IllegalArgumentException("an autoencoder " + Arrays.toString(widths) + " must reconstruct its "
                        + widths[0] + " inputs, and the examples have " + e.inputs());
            if (minibatch < 1 || minibatch > e.count())
                throw new IllegalArgumentException("minibatch must be in 1.." + e.count() + " (examples of a part of the data), got " + minibatch);
        }
        if (init == Init.NORMAL && !(initStd > 0)) throw new IllegalArgumentException("initStd must be > 0, got " + initStd);
        source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }

    @Override public int[] widths() { return widths.clone(); }

    /** Parameters of one network. */
    public long dimension() {
        long d = 0;
        for (int l = 0; l + 1 < widths.length; l++) d += (long) widths[l] * widths[l + 1] + widths[l + 1];
        return d;
    }

    @Override public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("widths", Arrays.toString(widths));
        s.put("activation", activation.name().toLowerCase(java.util.Locale.ROOT));
        // the paper's kind keeps the keys it always had (the provenance of trained optimizers compares them)
        s.put("output", output == Output.SOFTMAX_CROSS_ENTROPY ? "softmax, mean cross-entropy"
                : "sigmoid, binary cross-entropy summed over outputs, reconstructing the inputs");
        if (init == Init.NORMAL) s.put("initStd", initStd);
        else s.put("init", init.name().toLowerCase(java.util.Locale.ROOT));
        s.put("minibatch", minibatch);
        s.putAll(source);
        return s;
    }

    @Override
    public ProblemBatch sample(long runSeed, Seeds.Purpose purpose, long firstIndex, int count, DataType type) {
        long d = dimension();
        long[] seeds = new long[count];
        double[] theta0 = new double[Math.toIntExact(count * d)];
        for (int k = 0; k < count; k++) {
            seeds[k] = Seeds.instance(runSeed, purpose, firstIndex + k);
            var rng = new SplittableRandom(seeds[k]);
            int at = (int) (k * d);
            for (int l = 0; l + 1 < widths.length; l++) {
                int weights = widths[l] * widths[l + 1];
                double std = init.std(initStd, widths[l], widths[l + 1]);
                for (int i = 0; i < weights; i++) theta0[at + i] = std * rng.nextGaussian();
                at += weights + widths[l + 1];   // biases stay 0
            }
        }
        return new Batch(seeds, d, data.forPurpose(purpose), Nd4j.create(theta0, new long[]{theta0.length, 1}, DataType.DOUBLE)
                .castTo(type).dup('f'));
    }

    /** The buffers of one batch; evaluate runs on one thread at a time. */
    private final class Batch implements ProblemBatch {
        private final MinibatchSchedule.OfInstance[] schedules;
        private final long dimension;
        private final LabelledExamples examples;
        private final INDArray theta0;
        private final Block xt;            // inputs x B: example r's features in column r
        private final Block[] activations; // [l] B x widths[l + 1]: post-activation (softmax for the last)
        private final Block delta, back;   // B x widest layer: dL/dz of a layer, and of the one below

        Batch(long[] seeds, long dimension, LabelledExamples examples, INDArray theta0) {
            this.dimension = dimension;
            this.examples = examples;
            schedules = new MinibatchSchedule.OfInstance[seeds.length];
            for (int k = 0; k < seeds.length; k++) schedules[k] = new MinibatchSchedule.OfInstance(examples.count(), minibatch, seeds[k]);
            this.theta0 = theta0;
            DataType type = theta0.dataType();
            int b = minibatch, widest = Arrays.stream(widths).skip(1).max().orElseThrow();
            xt = buffer(type, widths[0], b);
            activations = new Block[widths.length - 1];
            for (int l = 0; l < activations.length; l++) activations[l] = buffer(type, b, widths[l + 1]);
            delta = buffer(type, b, widest);
            back = buffer(type, b, widest);
        }

        private static Block buffer(DataType type, int rows, int cols) {
            return Block.of(Nd4j.zeros(type, rows, cols).dup('f'));
        }

        @Override public int instances() { return schedules.length; }

        @Override public long dimension() { return dimension; }

        @Override public INDArray initialParameters() { return theta0.dup('f'); }

        /**
         * OpenBLAS single-threaded meanwhile ({@link BlasThreads}): meta-training evaluates its shards on all cores
         * already, and a threaded GEMM would round differently from one thread to another setting.
         */
        @Override public void evaluate(int step, INDArray theta, INDArray losses, INDArray gradient) {
            Block l = Block.of(losses);
            BlasThreads.singleThreaded(() -> {
                for (int k = 0; k < schedules.length; k++) {
                    int[] rows = schedules[k].rows(step);
                    l.put(k, lossAndGradient(rows, theta, gradient, k * dimension));
                }
            });
        }

        /** Forward and backward pass of instance at {@code offset} on the given examples. */
        private double lossAndGradient(int[] rows, INDArray theta, INDArray gradient, long offset) {
            int b = rows.length, in = widths[0], layers = widths.length - 1;
            float[] x = examples.features();
            for (int r = 0; r < b; r++) {
                int from = rows[r] * in;
                for (int j = 0; j < in; j++) xt.put(j, r, x[from + j]);
            }
            Block[] w = new Block[layers], bias = new Block[layers], dw = new Block[layers], db = new Block[layers];
            long at = offset;
            for (int i = 0; i < layers; i++) {
                int nIn = widths[i], nOut = widths[i + 1];
                w[i] = Block.at(theta, at, nIn, nOut);
                dw[i] = Block.at(gradient, at, nIn, nOut);
                bias[i] = Block.at(theta, at + (long) nIn * nOut, 1, nOut);
                db[i] = Block.at(gradient, at + (long) nIn * nOut, 1, nOut);
                at += (long) nIn * nOut + nOut;
            }
            // forward: z = a W + b, then the activation (softmax at the top)
            for (int i = 0; i < layers; i++) {
                Block z = activations[i];
                if (i == 0) Blas.gemm(true, false, 1, xt, w[0], 0, z);
                else Blas.gemm(false, false, 1, activations[i - 1], w[i], 0, z);
                for (int j = 0; j < z.cols; j++) {
                    double bj = bias[i].get(j);
                    for (int r = 0; r < b; r++) {
                        double v = z.get(r, j) + bj;
                        z.put(r, j, i + 1 < layers ? activation.apply(v) : v);
                    }
                }
            }
            // softmax, cross-entropy, and dL/dz of the output layer: (p - y) / B
            Block top = activations[layers - 1];
            int classes = top.cols;
            Block d = delta.columns(0, classes);
            double loss = 0;
            int[] labels = examples.labels();
            if (output == Output.SIGMOID_RECONSTRUCTION) loss = reconstruction(rows, x, top, d);
            else for (int r = 0; r < b; r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) max = Math.max(max, top.get(r, c));
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += Math.exp(top.get(r, c) - max);
                double logSum = max + Math.log(sum);
                int y = labels[rows[r]];
                loss += logSum - top.get(r, y);
                for (int c = 0; c < classes; c++) {
                    double p = Math.exp(top.get(r, c) - logSum);
                    top.put(r, c, p);
                    d.put(r, c, (p - (c == y ? 1 : 0)) / b);
                }
            }
            backward(b, layers, w, dw, db);
            return loss / b;
        }

        /**
         * Sigmoid outputs against the inputs as targets: the summed binary cross-entropy of every example, in the
         * stable form softplus(z) - x z, and dL/dz = (sigmoid(z) - x) / B into {@code d}.
         */
        private double reconstruction(int[] rows, float[] x, Block top, Block d) {
            int b = rows.length, outputs = top.cols;
            double loss = 0;
            for (int r = 0; r < b; r++) {
                int from = rows[r] * outputs;
                for (int c = 0; c < outputs; c++) {
                    double z = top.get(r, c), target = x[from + c];
                    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - target * z;
                    d.put(r, c, (1 / (1 + Math.exp(-z)) - target) / b);
                }
            }
            return loss;
        }

        private void backward(int b, int layers, Block[] w, Block[] dw, Block[] db) {
            for (int i = layers - 1; i >= 0; i--) {
                int nOut = widths[i + 1];
                Block dz = (layers - 1 - i) % 2 == 0 ? delta.columns(0, nOut) : back.columns(0, nOut);
                for (int j = 0; j < nOut; j++) {
                    double s = 0;
                    for (int r = 0; r < b; r++) s += dz.get(r, j);
                    db[i].put(j, s);
                }
                if (i == 0) {
                    Blas.gemm(false, false, 1, xt, dz, 0, dw[0]);
                    break;
                }
                Block below = activations[i - 1];
                Blas.gemm(true, false, 1, below, dz, 0, dw[i]);
                Block da = ((layers - 1 - i) % 2 == 0 ? back : delta).columns(0, widths[i]);
                Blas.gemm(false, true, 1, dz, w[i], 0, da);
                for (int j = 0; j < da.cols; j++)
                    for (int r = 0; r < b; r++) da.put(r, j, da.get(r, j) * activation.slope(below.get(r, j)));
            }
        }
    }
}
