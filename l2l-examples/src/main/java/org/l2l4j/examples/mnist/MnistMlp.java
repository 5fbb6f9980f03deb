package org.l2l4j.examples.mnist;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.problem.MlpFamily;
import org.l2l4j.dl4j.NetworkFamily;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The paper's MNIST optimizee (section 3.2): an MLP 784 - hidden x layers - 10, softmax output, cross-entropy,
 * minibatches of 128; the base set-up is one hidden layer of 20 sigmoid units. Weights start from N(0, 0.01^2)
 * and biases from zero, as in the original code, so each instance starts near loss ln 10.
 */
public record MnistMlp(int hidden, int layers, Activation activation) {
    public static final int MINIBATCH = 128;

    public MnistMlp {
        java.util.Objects.requireNonNull(activation, "activation");
        if (activation != Activation.SIGMOID && activation != Activation.RELU && activation != Activation.TANH)
            throw new IllegalArgumentException("hidden activation must be sigmoid, relu or tanh, got " + activation);
        if (hidden < 1) throw new IllegalArgumentException("hidden units must be >= 1, got " + hidden);
        if (layers < 1) throw new IllegalArgumentException("hidden layers must be >= 1, got " + layers);
    }

    /**
     * Meta-training defaults for MNIST: the paper's 2 x 20 LSTM, horizon 100 and truncations of 20 (section 3.2),
     * with changes measured on the validation digits (README, "MNIST"): as inputs, Adam's normalized moments
     * (Lv et al. 2017), the momentum and the gradient themselves times 100 (the moments alone hide the gradient's
     * scale, which tuned momentum SGD exploits) and the step iRprop- would take (which grows where the gradient is
     * tiny but steady, as in the first layer of a deeper net); a linear path from the inputs to the output beside
     * the LSTM; output scale 0.4; the log-loss meta-objective; Adam at 1e-3 on phi with cosine decay, 4 networks
     * per epoch, 40 epochs validated after every epoch (the best validation comes within the first ten).
     */
    public static MetaTrainingConfig metaTrainingDefaults() {
        return new MetaTrainingConfig(new LstmArchitecture(2, 20, new Preprocessing.MomentsAndRprop(0.95, 1e-8, 100), 0.4, true),
                40, 4, 100, 20, 1e-3, MetaTrainingConfig.Schedule.COSINE, 0, MetaObjective.LOG, 16, 1, 1.0, 0.0, 1, DataType.FLOAT);
    }

    /** 784 - 20 (sigmoid) - 10. */
    public static MnistMlp base() { return new MnistMlp(20, 1, Activation.SIGMOID); }

    public MultiLayerConfiguration configuration() {
        var list = new NeuralNetConfiguration.Builder()
                .seed(0)
                .weightInit(new WeightInitDistribution(new NormalDistribution(0, INIT_STD)))
                .biasInit(0)
                .updater(new Sgd(0.1))   // never used: the optimizer under study computes every step
                .list();
        int in = MnistDigits.PIXELS;
        for (int l = 0; l < layers; l++) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(hidden).activation(activation).build());
            in = hidden;
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(MnistDigits.CLASSES)
                .activation(Activation.SOFTMAX).build());
        return list.build();
    }

    public static final double INIT_STD = 0.01;

    /** The family of these networks on the given digits, computed by {@link MlpFamily}. */
    public MlpFamily family(MnistDigits digits) {
        int[] widths = new int[layers + 2];
        java.util.Arrays.fill(widths, hidden);
        widths[0] = MnistDigits.PIXELS;
        widths[layers + 1] = MnistDigits.CLASSES;
        return new MlpFamily("mnist", widths, MlpFamily.Activation.valueOf(activation.name()), INIT_STD, MINIBATCH,
                digits.split(), digits.source());
    }

    /** The same family computed by DL4J itself (slower; the reference the fast one is tested against). */
    public NetworkFamily networkFamily(MnistDigits digits) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("mlp", describe());
        settings.putAll(digits.source());
        return NetworkFamily.of("mnist", configuration(), digits.dataSplit(), MINIBATCH, settings);
    }

    /** e.g. {@code 784-20-10 sigmoid}. */
    public String describe() {
        return "784-" + (hidden + "-").repeat(layers) + "10 " + activation.name().toLowerCase();
    }
}
