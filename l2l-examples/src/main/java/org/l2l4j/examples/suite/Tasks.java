package org.l2l4j.examples.suite;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.l2l4j.examples.mnist.MnistMlp;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The public suite: networks a DL4J user trains, on data the project ships or generates. A task is a
 * configuration, a data source and an iteration count; the updater written into a configuration here is
 * replaced by the one under study in every run.
 */
public final class Tasks {
    private Tasks() {}

    static final int SINE_LENGTH = 50;

    /** All tasks, numbered from 1 in this order on the command line. */
    public static List<Task> all() {
        Digits digits = Digits.bundled();
        return List.of(
                new Task("mlp-relu", "MLP 784-128-10 ReLU, softmax cross-entropy, minibatch 128, bundled digits",
                        Network.of(mlp(Activation.RELU, WeightInit.RELU, 128)), digits.minibatches(128), 2000),
                new Task("mlp-tanh", "MLP 784-64-64-10 tanh, softmax cross-entropy, minibatch 128, bundled digits",
                        Network.of(mlp(Activation.TANH, WeightInit.XAVIER, 64, 64)), digits.minibatches(128), 1000),
                new Task("lenet", "LeNet: conv 5x5x20, max pool 2x2, conv 5x5x50, max pool 2x2, dense 500 ReLU, softmax; "
                        + "minibatch 64, bundled digits", Network.of(lenet()), digits.minibatches(64), 500),
                new Task("lstm-sines", "ComputationGraph: LSTM(32) and an RnnOutputLayer (MSE) predicting the next value of "
                        + "noisy sine waves of length 50, minibatch 32", Network.of(lstm()),
                        new NoisySines(SINE_LENGTH, 1).minibatches(2000, 500, 32), 500),
                new Task("autoencoder", "Autoencoder 784-64-784 sigmoid, cross-entropy reconstruction loss, minibatch 128, "
                        + "bundled digits (held out: reconstruction MSE)", Network.of(autoencoder()),
                        digits.reconstruction().minibatches(128), 1000),
                new Task("mlp-paper", "The paper's 784-20-10 sigmoid MLP, N(0, 0.01^2) initial weights, minibatch 128, "
                        + "100 iterations: the regime the MNIST optimizers were meta-trained in (the control)",
                        Network.of(MnistMlp.base().configuration()), digits.minibatches(MnistMlp.MINIBATCH), 100));
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(0).dataType(DataType.FLOAT).updater(new Adam(1e-3));
    }

    static MultiLayerConfiguration mlp(Activation activation, WeightInit init, int... hidden) {
        var list = base().weightInit(init).list();
        int in = 784;
        for (int h : hidden) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(activation).build());
            in = h;
        }
        return list.layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(in).nOut(10).activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER).build()).build();
    }

    /** As DL4J's LeNet MNIST example. */
    static MultiLayerConfiguration lenet() {
        return base().weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).stride(1, 1).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(50).stride(1, 1).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
    }

    static ComputationGraphConfiguration lstm() {
        return base().weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("x")
                .addLayer("lstm", new LSTM.Builder().nIn(1).nOut(32).activation(Activation.TANH).dataFormat(RNNFormat.NCW)
                        .build(), "x")
                .addLayer("next", new RnnOutputLayer.Builder(LossFunction.MSE).nIn(32).nOut(1).activation(Activation.IDENTITY)
                        .dataFormat(RNNFormat.NCW).build(), "lstm")
                .setOutputs("next")
                .setInputTypes(InputType.recurrent(1, SINE_LENGTH, RNNFormat.NCW))
                .build();
    }

    static MultiLayerConfiguration autoencoder() {
        return base().weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(64).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunction.XENT).nIn(64).nOut(784).activation(Activation.SIGMOID).build())
                .build();
    }
}
