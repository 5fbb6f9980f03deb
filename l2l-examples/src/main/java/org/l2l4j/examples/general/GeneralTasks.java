package org.l2l4j.examples.general;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.core.baseline.BaselineRule;
import org.l2l4j.core.metatrain.RelativeToReference;
import org.l2l4j.core.metatrain.Validation;
import org.l2l4j.core.problem.LabelledExamples;
import org.l2l4j.core.problem.MlpFamily;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Split;
import org.l2l4j.core.problem.TaskMixture;
import org.l2l4j.dl4j.NetworkFamily;
import org.l2l4j.examples.mnist.MnistDigits;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The tasks of the generalist optimizer: the data sets and the distribution it is meta-trained on, and the
 * validation tasks its early stopping and selection look at. Only the meta-training digits (0-5,999) and the
 * validation digits (6,000-7,999) are used, never the test digits; none of the public suite's networks is among
 * them (the suite measures transfer).
 */
public final class GeneralTasks {
    private GeneralTasks() {}

    /** Parameters per meta-training batch to aim for (a shard's tape holds them for every step of a truncation). */
    static final int COORDINATES = 12_000;

    /** The data sets of the meta-training distribution, by name, with what each is. */
    static Map<String, Split<LabelledExamples>> dataSets(MnistDigits digits, Map<String, String> sources) {
        Map<String, Split<LabelledExamples>> data = new LinkedHashMap<>();
        Split<LabelledExamples> d = digits.split();
        String base = String.valueOf(digits.source().get("data"));
        put(data, sources, "digits-28", d, base + ", 28 x 28");
        put(data, sources, "digits-14", d.map(e -> MnistDigits.downsample(e, 2)), base + ", 14 x 14 (2 x 2 means)");
        put(data, sources, "digits-7", d.map(e -> MnistDigits.downsample(e, 4)), base + ", 7 x 7 (4 x 4 means)");
        put(data, sources, "digits-14-classes-0-4", d.map(e -> DigitVariants.classes(MnistDigits.downsample(e, 2), 0, 1, 2, 3, 4)),
                base + ", 14 x 14, digits 0-4 only");
        put(data, sources, "digits-7-classes-3-8", d.map(e -> DigitVariants.classes(MnistDigits.downsample(e, 4), 3, 8)),
                base + ", 7 x 7, digits 3 and 8 only");
        for (var c : List.of(new GaussianClusters(20, 4, 0.7, 1), new GaussianClusters(64, 10, 0.4, 2)))
            put(data, sources, "clusters-" + c.inputs() + "-" + c.classes(), c.split(), c.describe());
        return data;
    }

    private static void put(Map<String, Split<LabelledExamples>> data, Map<String, String> sources, String name,
                            Split<LabelledExamples> split, String source) {
        data.put(name, split);
        sources.put(name, source);
    }

    /**
     * The meta-training distribution on the given digits: random MLPs ({@link RandomMlps}) in 80% of the batches,
     * and networks the fast MLP cannot express, through DL4J itself (slower per step, so fewer instances): two conv
     * nets and an LSTM.
     */
    public static ProblemFamily metaTraining(MnistDigits digits) {
        Map<String, String> sources = new LinkedHashMap<>();
        var mlps = new RandomMlps(dataSets(digits, sources), sources, COORDINATES);
        return new TaskMixture("general", List.of(
                new TaskMixture.Member(mlps, 0.8, 0),
                new TaskMixture.Member(convolutional(digits, 2, 5, 6, 32), 0.07, 2),
                new TaskMixture.Member(convolutional(digits, 1, 3, 4, 0), 0.05, 1),
                new TaskMixture.Member(recurrent(16, new Waves(40, 0.1, 11)), 0.08, 2)));
    }

    /**
     * Validation: tasks unlike the suite's networks and unlike each other, two instances each, scored by the tail loss
     * (last 20 steps) relative to Adam at 1e-3 (DL4J's default) on the same instances, a task behind Adam counted 4
     * times (the optimizer is meant to replace Adam on every network, not to win on average).
     */
    public static RelativeToReference validation(MnistDigits digits, long seed, DataType type) {
        return relativeToAdam(validationTasks(digits, false), seed, type);
    }

    /**
     * Choosing among finished files ({@link ValidationReport}): the validation tasks and a wide network with linear hidden
     * layers, 784-256-256-10 on the validation digits, which punishes first steps larger than Adam's (zoo:general's
     * blow up on it). Not part of meta-training's own validation, so that the recipe of the zoo entry stays as it was.
     */
    public static RelativeToReference selection(MnistDigits digits, long seed, DataType type) {
        return relativeToAdam(validationTasks(digits, true), seed, type);
    }

    private static RelativeToReference relativeToAdam(List<RelativeToReference.Task> tasks, long seed, DataType type) {
        return new RelativeToReference(tasks, "adam, learning rate 1e-3", adam(1e-3), 20, 4, seed, type);
    }

    private static List<RelativeToReference.Task> validationTasks(MnistDigits digits, boolean wideLinear) {
        Map<String, String> sources = new LinkedHashMap<>();
        var data = dataSets(digits, sources);
        List<RelativeToReference.Task> tasks = new java.util.ArrayList<>(List.of(
                task("mlp 196-96-10 relu", mlp(data, sources, "digits-14", MlpFamily.Activation.RELU, MlpFamily.Init.RELU, 128,
                        MlpFamily.Output.SOFTMAX_CROSS_ENTROPY, 96), 1000),
                task("mlp 49-48-48-48-10 tanh", mlp(data, sources, "digits-7", MlpFamily.Activation.TANH, MlpFamily.Init.XAVIER, 64,
                        MlpFamily.Output.SOFTMAX_CROSS_ENTROPY, 48, 48, 48), 1000),
                task("autoencoder 196-40-196 sigmoid", mlp(data, sources, "digits-14", MlpFamily.Activation.SIGMOID,
                        MlpFamily.Init.XAVIER, 128, MlpFamily.Output.SIGMOID_RECONSTRUCTION, 40), 800),
                task("mlp 784-32-10 sigmoid, N(0, 0.01^2)", mlp(data, sources, "digits-28", MlpFamily.Activation.SIGMOID,
                        MlpFamily.Init.NORMAL, 128, MlpFamily.Output.SOFTMAX_CROSS_ENTROPY, 32), 200),
                task("mlp 64-80-10 relu on clusters", mlp(data, sources, "clusters-64-10", MlpFamily.Activation.RELU, MlpFamily.Init.RELU,
                        32, MlpFamily.Output.SOFTMAX_CROSS_ENTROPY, 80), 1500),
                task("conv 3x3x8, pool, softmax on 14 x 14", convolutional(digits, 2, 3, 8, 0), 300),
                task("lstm(12) on waves", recurrent(12, new Waves(30, 0.05, 3)), 300)));
        if (wideLinear)
            tasks.add(task("mlp 784-256-256-10 linear", mlp(data, sources, "digits-28", MlpFamily.Activation.IDENTITY,
                    MlpFamily.Init.XAVIER, 64, MlpFamily.Output.SOFTMAX_CROSS_ENTROPY, 256, 256), 300));
        return tasks;
    }

    private static RelativeToReference.Task task(String name, ProblemFamily family, int horizon) {
        return new RelativeToReference.Task(name, family, 2, horizon);
    }

    /** Adam at the given learning rate as a frozen rule, one updater over the whole batch. */
    static Validation.Frozen adam(double learningRate) {
        return batch -> new BaselineRule(Baseline.ADAM, learningRate, batch.instances() * batch.dimension(),
                batch.initialParameters().dataType());
    }

    static MlpFamily mlp(Map<String, Split<LabelledExamples>> data, Map<String, String> sources, String set,
                         MlpFamily.Activation activation, MlpFamily.Init init, int minibatch, MlpFamily.Output output,
                         int... hidden) {
        return mlp(set, data.get(set), sources.get(set), activation, init, minibatch, output, hidden);
    }

    /** An MLP on a data set: inputs, the hidden widths, then the classes (or the inputs again, for an autoencoder). */
    static MlpFamily mlp(String name, Split<LabelledExamples> split, String source, MlpFamily.Activation activation,
                         MlpFamily.Init init, int minibatch, MlpFamily.Output output, int... hidden) {
        LabelledExamples e = split.metaTraining();
        int[] widths = new int[hidden.length + 2];
        widths[0] = e.inputs();
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = output == MlpFamily.Output.SIGMOID_RECONSTRUCTION ? e.inputs() : e.classes();
        return new MlpFamily(name, widths, activation, 0.01, minibatch, split, Map.of("data", source), output, init);
    }

    /**
     * A small conv net on digits downsampled by {@code factor}, through DL4J itself: a kernel x kernel convolution of
     * {@code channels} (ReLU), 2 x 2 max pooling, a dense ReLU layer of {@code dense} units if > 0, softmax.
     */
    static NetworkFamily convolutional(MnistDigits digits, int factor, int kernel, int channels, int dense) {
        int side = MnistDigits.SIDE / factor;
        var list = base().weightInit(WeightInit.RELU).list()
                .layer(new ConvolutionLayer.Builder(kernel, kernel).nOut(channels).stride(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        if (dense > 0) list.layer(new DenseLayer.Builder().nOut(dense).activation(Activation.RELU).build());
        MultiLayerConfiguration conf = list
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutionalFlat(side, side, 1))
                .build();
        Split<DataSet> data = digits.split().map(e -> dataSet(MnistDigits.downsample(e, factor)));
        String name = "conv " + kernel + "x" + kernel + "x" + channels + (dense > 0 ? " dense " + dense : "") + " on " + side + " x " + side;
        return NetworkFamily.of(name, conf, data, 64, Map.of("data", digits.source().get("data") + ", " + side + " x " + side));
    }

    /** An LSTM of {@code units} predicting the next value of generated waves, a ComputationGraph through DL4J itself. */
    static NetworkFamily recurrent(int units, Waves waves) {
        ComputationGraphConfiguration conf = base().weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("x")
                .addLayer("lstm", new LSTM.Builder().nIn(1).nOut(units).activation(Activation.TANH).build(), "x")
                // the format said outright: without input types DL4J leaves it null and its backward pass then reads NWC
                .addLayer("next", new RnnOutputLayer.Builder(LossFunction.MSE).nIn(units).nOut(1).activation(Activation.IDENTITY)
                        .dataFormat(RNNFormat.NCW).build(), "lstm")
                .setOutputs("next")
                .build();
        return NetworkFamily.of("lstm(" + units + ") on waves", conf, waves.split(), 32, Map.of("data", waves.describe()));
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(0).dataType(DataType.FLOAT)
                .updater(new Sgd(0.1));   // never used: the optimizer under study computes every step
    }

    /** Features n x inputs, one-hot labels n x classes. */
    static DataSet dataSet(LabelledExamples e) {
        float[] y = new float[e.count() * e.classes()];
        for (int i = 0; i < e.count(); i++) y[i * e.classes() + e.labels()[i]] = 1;
        return new DataSet(Nd4j.create(e.features(), new long[]{e.count(), e.inputs()}, 'c'),
                Nd4j.create(y, new long[]{e.count(), e.classes()}, 'c'));
    }
}
