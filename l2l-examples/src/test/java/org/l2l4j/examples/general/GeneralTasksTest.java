package org.l2l4j.examples.general;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.problem.LabelledExamples;
import org.l2l4j.core.problem.MlpFamily;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.Split;
import org.l2l4j.dl4j.NetworkFamily;
import org.l2l4j.examples.mnist.MnistDigits;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The generalist's tasks: what they compute, and that the public suite's networks are not among them. */
class GeneralTasksTest {
    static final MnistDigits DIGITS = MnistDigits.bundled();

    /** The fast autoencoder (sigmoid, summed binary cross-entropy against the inputs) computes what DL4J's XENT does. */
    @Test
    void reconstructionLossAndGradientEqualDl4js() {
        Split<LabelledExamples> small = DIGITS.split().map(e -> MnistDigits.downsample(e, 4));
        var fastFamily = new MlpFamily("ae", new int[]{49, 12, 49}, MlpFamily.Activation.SIGMOID, 0.01, 32, small, Map.of(),
                MlpFamily.Output.SIGMOID_RECONSTRUCTION, MlpFamily.Init.XAVIER);
        var conf = new NeuralNetConfiguration.Builder().seed(0).updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(49).nOut(12).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(12).nOut(49).activation(Activation.SIGMOID).build())
                .build();
        Split<DataSet> targets = small.map(e -> {
            INDArray x = Nd4j.create(e.features(), new long[]{e.count(), e.inputs()}, 'c');
            return new DataSet(x, x);
        });
        var dl4jFamily = NetworkFamily.of("ae", conf, targets, 32, Map.of());
        assertSameLossAndGradient(fastFamily.sample(4, Seeds.Purpose.VALIDATION, 0, 2, DataType.DOUBLE),
                dl4jFamily.sample(4, Seeds.Purpose.VALIDATION, 0, 2, DataType.DOUBLE));
    }

    /** A linear hidden layer (IDENTITY) under a softmax computes DL4J's loss and gradient for the same network. */
    @Test
    void linearClassifierLossAndGradientEqualDl4js() {
        Split<LabelledExamples> small = DIGITS.split().map(e -> MnistDigits.downsample(e, 4));
        var fastFamily = new MlpFamily("linear", new int[]{49, 12, 7, 10}, MlpFamily.Activation.IDENTITY, 0.01, 32, small,
                Map.of(), MlpFamily.Output.SOFTMAX_CROSS_ENTROPY, MlpFamily.Init.XAVIER);
        var conf = new NeuralNetConfiguration.Builder().seed(0).updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(49).nOut(12).activation(Activation.IDENTITY).build())
                .layer(new DenseLayer.Builder().nIn(12).nOut(7).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(7).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
        var dl4jFamily = NetworkFamily.of("linear", conf, small.map(GeneralTasks::dataSet), 32, Map.of());
        assertSameLossAndGradient(fastFamily.sample(5, Seeds.Purpose.VALIDATION, 0, 2, DataType.DOUBLE),
                dl4jFamily.sample(5, Seeds.Purpose.VALIDATION, 0, 2, DataType.DOUBLE));
    }

    /** At perturbed initial parameters, steps 0 and 9: the same loss per instance and the same gradient (double). */
    private static void assertSameLossAndGradient(ProblemBatch fast, ProblemBatch dl4j) {
        int instances = fast.instances();
        assertEquals(fast.dimension(), dl4j.dimension());
        INDArray theta = fast.initialParameters().addi(Nd4j.randn(DataType.DOUBLE, fast.dimension() * instances, 1).muli(0.1));
        INDArray gFast = Nd4j.zeros(DataType.DOUBLE, theta.length(), 1).dup('f'), gDl4j = gFast.dup('f');
        INDArray lFast = Nd4j.zeros(DataType.DOUBLE, instances, 1), lDl4j = lFast.dup();
        for (int step : new int[]{0, 9}) {
            fast.evaluate(step, theta, lFast, gFast);
            dl4j.evaluate(step, theta, lDl4j, gDl4j);
            for (int k = 0; k < instances; k++)
                assertEquals(lDl4j.getDouble(k, 0), lFast.getDouble(k, 0), 1e-9 * lDl4j.getDouble(k, 0), "loss, step " + step);
            double diff = gDl4j.sub(gFast).norm2Number().doubleValue(), scale = gDl4j.norm2Number().doubleValue();
            assertTrue(scale > 1e-3 && diff / scale < 1e-9, "relative gradient difference " + diff / scale);
        }
    }

    /** DL4J's XAVIER and RELU initializations: N(0, 2 / (fanIn + fanOut)) and N(0, 2 / fanIn), biases 0. */
    @Test
    void initializationsHaveDl4jsScales() {
        var data = DIGITS.split().map(e -> MnistDigits.downsample(e, 2));
        for (MlpFamily.Init init : new MlpFamily.Init[]{MlpFamily.Init.XAVIER, MlpFamily.Init.RELU}) {
            var family = new MlpFamily("mlp", new int[]{196, 100, 10}, MlpFamily.Activation.RELU, 0.01, 32, data, Map.of(),
                    MlpFamily.Output.SOFTMAX_CROSS_ENTROPY, init);
            double[] theta = family.sample(1, Seeds.Purpose.META_TRAINING, 0, 1, DataType.DOUBLE).initialParameters().toDoubleVector();
            double expected = init == MlpFamily.Init.XAVIER ? Math.sqrt(2.0 / 296) : Math.sqrt(2.0 / 196);
            double sum = 0;
            for (int i = 0; i < 196 * 100; i++) sum += theta[i] * theta[i];
            assertEquals(expected, Math.sqrt(sum / (196 * 100)), 0.02 * expected, init + " first layer");
            for (int i = 196 * 100; i < 196 * 100 + 100; i++) assertEquals(0, theta[i], 0.0, "bias");
        }
    }

    /** Thousands of draws: never one of the suite's networks, always within the batch budget, the same for the same seed. */
    @Test
    void theDistributionLeavesTheSuitesNetworksOut() {
        var mixture = (org.l2l4j.core.problem.TaskMixture) GeneralTasks.metaTraining(DIGITS);
        var family = (RandomMlps) mixture.members().get(0).family();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 3000; i++) {
            var spec = family.spec(1, Seeds.Purpose.META_TRAINING, 2L * i);
            var mlp = family.family(spec);
            int[] w = mlp.widths();
            seen.add(spec.data() + " " + spec.activation() + " " + spec.output());
            boolean reconstruct = spec.output() == MlpFamily.Output.SIGMOID_RECONSTRUCTION;
            assertFalse(Arrays.equals(w, new int[]{784, 128, 10}), "the suite's ReLU MLP");
            assertFalse(Arrays.equals(w, new int[]{784, 64, 64, 10}), "the suite's tanh MLP");
            assertFalse(Arrays.equals(w, new int[]{784, 20, 10}), "the paper's MLP");
            assertFalse(reconstruct && w[0] == 784, "no 784-input autoencoder (the suite's is 784-64-784)");
            assertEquals(spec, family.spec(1, Seeds.Purpose.META_TRAINING, 2L * i), "a function of seed and index");
            ProblemBatch batch = i % 300 == 0 ? family.sample(1, Seeds.Purpose.META_TRAINING, 2L * i, 2, DataType.FLOAT) : null;
            if (batch != null) assertTrue(batch.instances() == 1 || batch.instances() * batch.dimension() <= GeneralTasks.COORDINATES,
                    "batch of " + batch.instances() + " x " + batch.dimension());
        }
        assertEquals(7 * 3 + 4, seen.size(), "every data set with every activation, every small digit set as an autoencoder");
    }

    @Test
    void downsamplingAveragesBlocksAndClassSubsetsRelabel() {
        float[] x = new float[28 * 28];
        for (int i = 0; i < x.length; i++) x[i] = (i / 28) < 14 ? 1f : 0f;   // top half white
        var one = new LabelledExamples(x, new int[]{7}, 28 * 28, 10);
        var small = MnistDigits.downsample(one, 4);
        assertEquals(49, small.inputs());
        assertEquals(1f, small.features()[0], 1e-6);
        assertEquals(0.5f, small.features()[3 * 7], 1e-6, "row 3 of 7 covers rows 12-15: half white");
        assertEquals(0f, small.features()[48], 1e-6);
        var pairs = new LabelledExamples(new float[]{1, 2, 3}, new int[]{3, 8, 5}, 1, 10);
        var kept = DigitVariants.classes(pairs, 3, 8);
        assertEquals(2, kept.count());
        assertEquals(2, kept.classes());
        assertEquals(Arrays.toString(new int[]{0, 1}), Arrays.toString(kept.labels()));
    }

    /** Every member of the distribution and every validation task builds and gives a finite loss and gradient. */
    @Test
    void everyTaskEvaluates() {
        var mixture = (org.l2l4j.core.problem.TaskMixture) GeneralTasks.metaTraining(DIGITS);
        var families = new java.util.ArrayList<org.l2l4j.core.problem.ProblemFamily>();
        for (var m : mixture.members().subList(1, mixture.members().size())) families.add(m.family());
        for (var t : GeneralTasks.selection(DIGITS, 1, DataType.FLOAT).tasks()) families.add(t.family());
        for (var f : families) {
            ProblemBatch batch = f.sample(1, Seeds.Purpose.VALIDATION, 0, 1, DataType.FLOAT);
            INDArray g = Nd4j.zeros(DataType.FLOAT, batch.dimension(), 1).dup('f'), l = Nd4j.zeros(DataType.FLOAT, 1, 1);
            batch.evaluate(0, batch.initialParameters(), l, g);
            assertTrue(Double.isFinite(l.getDouble(0)) && l.getDouble(0) > 0, f.name() + " loss " + l.getDouble(0));
            assertTrue(g.norm2Number().doubleValue() > 0, f.name() + " has a gradient");
        }
    }

    @Test
    void validationTasksAreNamedAndDescribed() {
        var validation = GeneralTasks.validation(DIGITS, 1, DataType.FLOAT);
        assertEquals(7, validation.tasks().size());
        var selection = GeneralTasks.selection(DIGITS, 1, DataType.FLOAT);
        assertEquals(8, selection.tasks().size());
        assertEquals("mlp 784-256-256-10 linear", selection.tasks().get(7).name());
        assertEquals(validation.tasks().get(0).name(), selection.tasks().get(0).name());
        Map<String, Object> d = new LinkedHashMap<>(validation.describe());
        assertTrue(String.valueOf(d.get("reference")).contains("1e-3"));
        assertTrue(String.valueOf(d).contains("lstm(12) on waves"), String.valueOf(d));
    }
}
