package org.l2l4j.examples.suite;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Tasks of a few iterations on a few dozen examples, for tests. */
final class TinyTasks {
    private TinyTasks() {}

    static final int ITERATIONS = 12;

    static MultiLayerConfiguration mlp() {
        return new NeuralNetConfiguration.Builder().seed(0).dataType(DataType.FLOAT).updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(8).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
    }

    static ComputationGraphConfiguration lstm() {
        return new NeuralNetConfiguration.Builder().seed(0).dataType(DataType.FLOAT).updater(new Sgd(0.1)).graphBuilder()
                .addInputs("x")
                .addLayer("lstm", new LSTM.Builder().nIn(1).nOut(4).activation(Activation.TANH).dataFormat(RNNFormat.NCW).build(), "x")
                .addLayer("y", new RnnOutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(1).activation(Activation.IDENTITY)
                        .dataFormat(RNNFormat.NCW).build(), "lstm")
                .setOutputs("y")
                .setInputTypes(InputType.recurrent(1, 10, RNNFormat.NCW))
                .build();
    }

    /** 48 bundled digits to train on (minibatches of 16), 32 held out. */
    static Task digits() {
        return new Task("tiny-mlp", "784-8-10 tanh on 48 digits", Network.of(mlp()),
                Digits.bundled().firstTraining(48, 32).minibatches(16), ITERATIONS);
    }

    /** The same network on one minibatch of 16 digits, every iteration (in a fresh order each time). */
    static Task oneBatch() {
        return new Task("one-batch", "784-8-10 tanh on 16 digits, one minibatch", Network.of(mlp()),
                Digits.bundled().firstTraining(16, 16).minibatches(16), ITERATIONS);
    }

    static Task sines() {
        return new Task("tiny-lstm", "LSTM(4) on sines of length 10", Network.of(lstm()),
                new NoisySines(10, 3).minibatches(40, 16, 8), ITERATIONS);
    }
}
