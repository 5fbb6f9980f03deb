package org.l2l4j.examples.conv;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.problem.Split;
import org.l2l4j.dl4j.LayerGroups;
import org.l2l4j.dl4j.NetworkFamily;
import org.l2l4j.examples.mnist.MnistDigits;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The paper's convolutional optimizee (section 3.3): three convolutional layers, each followed by batch
 * normalization, ReLU and 2 x 2 max pooling, then a fully-connected layer of {@code dense} units with batch
 * normalization and ReLU, and a softmax output with cross-entropy; minibatches of 128. The paper gives no kernel
 * size or channel count: {@code channels} filters of {@code kernel} x {@code kernel} per convolutional layer
 * ("same" padding) are this project's choice, 16 and 5 by default. Images are {@code side} x {@code side} x
 * {@code depth}: 32 x 32 x 3 for CIFAR-10, 28 x 28 x 1 for the digits that stand in for it.
 *
 * <p>Its family splits the parameters by layer type ({@link LayerGroups#byType()}): the convolutional layers
 * with their batch normalization's gamma and beta in group {@code conv}, the fully-connected and output layers with
 * theirs in group {@code dense}, one optimizer each; batch normalization's running mean and variance take DL4J's
 * own NoOp update and are no optimizer's coordinates.
 */
public record ConvNet(int channels, int kernel, int dense, int side, int depth) implements java.io.Serializable {
    public static final int MINIBATCH = 128, CONV_LAYERS = 3, CLASSES = 10;

    public ConvNet {
        if (channels < 1) throw new IllegalArgumentException("convolution channels must be >= 1, got " + channels);
        if (kernel < 1 || kernel % 2 == 0) throw new IllegalArgumentException("kernel size must be odd and >= 1, got " + kernel);
        if (dense < 1) throw new IllegalArgumentException("fully-connected units must be >= 1, got " + dense);
        if (side < 1 || depth < 1) throw new IllegalArgumentException("images must be at least 1 x 1 x 1, got "
                + side + " x " + side + " x " + depth);
    }

    /** The paper's layers on CIFAR-10 images. */
    public static ConvNet cifar(int channels, int kernel, int dense) {
        return new ConvNet(channels, kernel, dense, Cifar10.SIDE, Cifar10.CHANNELS);
    }

    /** The same layers on the bundled 28 x 28 digits. */
    public static ConvNet digits(int channels, int kernel, int dense) {
        return digits(channels, kernel, dense, 1);
    }

    /** The same layers on the digits averaged over {@code factor} x {@code factor} pixel blocks (2: 14 x 14 images). */
    public static ConvNet digits(int channels, int kernel, int dense, int factor) {
        if (factor < 1 || MnistDigits.SIDE % factor != 0 || MnistDigits.SIDE / factor < 2)
            throw new IllegalArgumentException("the digits' downsampling factor must divide 28 and leave images of at least "
                    + "2 x 2, got " + factor);
        return new ConvNet(channels, kernel, dense, MnistDigits.SIDE / factor, 1);
    }

    /** The factor the digits are averaged by for these images (1 for 28 x 28). */
    public int digitsFactor() {
        if (depth != 1 || MnistDigits.SIDE % side != 0)
            throw new IllegalStateException(side + " x " + side + " x " + depth + " images are not downsampled digits");
        return MnistDigits.SIDE / side;
    }

    /**
     * Meta-training defaults: the MNIST recipe (its inputs, output, meta-objective and schedule, measured on the
     * MNIST validation digits, not on this family), with the paper's horizon of 100 steps in truncations of 20, 4
     * networks an epoch, 40 epochs. Nothing here was chosen on the convolutional family yet.
     */
    public static MetaTrainingConfig metaTrainingDefaults() {
        return new MetaTrainingConfig(new LstmArchitecture(2, 20, new Preprocessing.MomentsAndRprop(0.95, 1e-8, 100), 0.4, true),
                40, 4, 100, 20, 1e-3, MetaTrainingConfig.Schedule.COSINE, 0, MetaObjective.LOG, 8, 1, 1.0, 0.0, 1, DataType.FLOAT);
    }

    public MultiLayerConfiguration configuration() {
        var list = new NeuralNetConfiguration.Builder()
                .seed(0)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .updater(new Sgd(0.1))   // never used: the optimizer under study computes every step
                .list();
        for (int l = 0; l < CONV_LAYERS; l++) {
            list.layer(new ConvolutionLayer.Builder(kernel, kernel).nOut(channels).activation(Activation.IDENTITY).build());
            list.layer(new BatchNormalization.Builder().build());
            list.layer(new ActivationLayer(Activation.RELU));
            list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        }
        list.layer(new DenseLayer.Builder().nOut(dense).activation(Activation.IDENTITY).build());
        list.layer(new BatchNormalization.Builder().build());
        list.layer(new ActivationLayer(Activation.RELU));
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build());
        return list.setInputType(InputType.convolutionalFlat(side, side, depth)).build();
    }

    /**
     * The family of these networks on {@code data} (features n x side * side * depth, channels first; one-hot
     * labels), grouped by layer type, or sharing one optimizer when {@code shared} (the paper's single-LSTM
     * comparison).
     */
    public NetworkFamily family(Split<DataSet> data, Map<String, Object> source, boolean shared) {
        long features = data.metaTraining().getFeatures().size(1);
        if (features != (long) side * side * depth)
            throw new IllegalArgumentException("the data's images have " + features + " values, not " + side + " x " + side
                    + " x " + depth);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("convnet", describe());
        settings.putAll(source);
        NetworkFamily family = NetworkFamily.of("conv", configuration(), data, MINIBATCH, settings);
        return shared ? family : family.groupedBy(LayerGroups.byType());
    }

    /** e.g. {@code 3 x (conv 5x5x16, BN, ReLU, max pool 2), dense 32, BN, ReLU, softmax 10 on 32x32x3}. */
    public String describe() {
        return CONV_LAYERS + " x (conv " + kernel + "x" + kernel + "x" + channels + ", BN, ReLU, max pool 2), dense " + dense
                + ", BN, ReLU, softmax " + CLASSES + " on " + side + "x" + side + "x" + depth;
    }
}
