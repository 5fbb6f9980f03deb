package org.l2l4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.Split;
import org.l2l4j.core.problem.StepRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class NetworkFamilyTest {
    static final int EXAMPLES = 40, MINIBATCH = 16;

    static DataSet data() {
        var rng = new SplittableRandom(7);
        double[] x = new double[EXAMPLES * Nets.IN], y = new double[EXAMPLES * Nets.OUT];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextGaussian();
        for (int i = 0; i < y.length; i++) y[i] = rng.nextGaussian();
        return new DataSet(Nd4j.create(x, new long[]{EXAMPLES, Nets.IN}, DataType.DOUBLE),
                Nd4j.create(y, new long[]{EXAMPLES, Nets.OUT}, DataType.DOUBLE));
    }

    static MultiLayerConfiguration conf() {
        return Nets.mlnConf(Nets.Updaters.global(new Sgd(0.1)), DataType.DOUBLE, WorkspaceMode.ENABLED);
    }

    static NetworkFamily family() {
        return NetworkFamily.of("toy", conf(), Split.shared(data()), MINIBATCH, Map.of("data", "gaussian"));
    }

    @Test void instancesAreFreshlyInitializedBySeed() {
        var family = family();
        ProblemBatch a = family.sample(1, Seeds.Purpose.TEST, 0, 2, DataType.DOUBLE);
        ProblemBatch b = family.sample(1, Seeds.Purpose.TEST, 1, 1, DataType.DOUBLE);
        long d = a.dimension();
        double[] a0 = a.initialParameters().toDoubleVector(), b0 = b.initialParameters().toDoubleVector();
        assertEquals(2 * d, a0.length);
        double[] first = Arrays.copyOfRange(a0, 0, (int) d), second = Arrays.copyOfRange(a0, (int) d, (int) (2 * d));
        assertFalse(Arrays.equals(first, second), "two instances share their initialization");
        assertArrayEquals(second, b0, "instance 1 differs with the batch it is drawn in");
    }

    @Test void gradientIsTheDerivativeOfTheMinibatchLoss() {
        ProblemBatch batch = family().sample(3, Seeds.Purpose.META_TRAINING, 0, 1, DataType.DOUBLE);
        INDArray theta = batch.initialParameters();
        long n = theta.length();
        INDArray gradient = Nd4j.zeros(DataType.DOUBLE, n, 1).dup('f'), losses = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        int step = 3;   // a minibatch that spans two shuffles: 3 * 16 = 48 > 40
        batch.evaluate(step, theta, losses, gradient);
        double worst = 0, eps = 1e-6;
        INDArray scratch = Nd4j.zeros(DataType.DOUBLE, n, 1).dup('f');
        for (int i = 0; i < n; i += 7) {
            double at = theta.getDouble(i, 0);
            theta.putScalar(i, 0, at + eps);
            batch.evaluate(step, theta, losses, scratch);
            double plus = losses.getDouble(0, 0);
            theta.putScalar(i, 0, at - eps);
            batch.evaluate(step, theta, losses, scratch);
            double minus = losses.getDouble(0, 0);
            theta.putScalar(i, 0, at);
            double numeric = (plus - minus) / (2 * eps), analytic = gradient.getDouble(i, 0);
            worst = Math.max(worst, Math.abs(numeric - analytic) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic)));
        }
        assertTrue(worst < 1e-6, "worst relative error " + worst);
    }

    @Test void minibatchesDependOnlyOnInstanceAndStep() {
        DataSet d = data();
        DataSet first = Minibatches.at(d, MINIBATCH, 11, 5), again = Minibatches.at(d, MINIBATCH, 11, 5);
        assertEquals(first.getFeatures(), again.getFeatures());
        assertFalse(first.getFeatures().equals(Minibatches.at(d, MINIBATCH, 12, 5).getFeatures()));
        // one pass over the data visits every example once
        int[] order = org.l2l4j.core.problem.MinibatchSchedule.shuffle(EXAMPLES, 11, 0);
        assertArrayEquals(java.util.stream.IntStream.range(0, EXAMPLES).toArray(), Arrays.stream(order).sorted().toArray());
    }

    @Test void rejectsMinibatchLargerThanTheData() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> NetworkFamily.of("toy", conf(), Split.shared(data()), EXAMPLES + 1, Map.of()));
        assertTrue(e.getMessage().contains("minibatch"), e.getMessage());
    }

    /**
     * What the meta-trainer's rollout computes on an instance is what DL4J's fit does with LearnedUpdater,
     * bit for bit, with a stateless and with a stateful (moments) preprocessing.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"log-sign", "moments"})
    void learnedUpdaterInFitFollowsTheFamilysRollout(String preprocessing) {
        TrainedOptimizer optimizer = preprocessing.equals("moments")
                ? TestOptimizers.random(new org.l2l4j.core.optimizer.LstmArchitecture(1, 4, new org.l2l4j.core.optimizer.Preprocessing.Moments(0.9, 1e-8), 0.05), 9)
                : TestOptimizers.ownSmall();
        var family = family();
        long runSeed = 5;
        ProblemBatch batch = family.sample(runSeed, Seeds.Purpose.TEST, 0, 1, DataType.DOUBLE);
        INDArray theta = batch.initialParameters();
        long n = theta.length();
        StepRule rule = optimizer.newStepRule(n, DataType.DOUBLE);
        INDArray gradient = Nd4j.zeros(DataType.DOUBLE, n, 1).dup('f'), step = gradient.dup('f');
        INDArray losses = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        int steps = 6;
        for (int t = 0; t < steps; t++) {
            batch.evaluate(t, theta, losses, gradient);
            rule.propose(gradient, t, step);
            theta.addi(step);
        }

        MultiLayerConfiguration c = Nets.mlnConf(Nets.Updaters.global(new LearnedUpdater(optimizer)), DataType.DOUBLE,
                WorkspaceMode.ENABLED);
        long instanceSeed = Seeds.instance(runSeed, Seeds.Purpose.TEST, 0);
        for (var layer : c.getConfs()) layer.setSeed(instanceSeed);
        var net = new MultiLayerNetwork(c);
        net.init();
        assertArrayEquals(batch.initialParameters().toDoubleVector(), net.params().toDoubleVector(), 0.0);
        for (int t = 0; t < steps; t++) net.fit(Minibatches.at(data(), MINIBATCH, instanceSeed, t));
        assertArrayEquals(theta.toDoubleVector(), net.params().toDoubleVector(), 0.0);
    }
}
