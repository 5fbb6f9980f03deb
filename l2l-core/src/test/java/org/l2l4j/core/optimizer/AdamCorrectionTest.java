package org.l2l4j.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** The adam-timescales inputs and the corrected-Adam output: untrained it is DL4J's Adam, and its step is bounded. */
class AdamCorrectionTest {
    static final LstmArchitecture GENERAL = new LstmArchitecture(2, 5, Preprocessing.AdamTimescales.standard(), 1e-3, true,
            0, null, new StepOutput.AdamCorrection(Math.log(10), 1));

    private static INDArray gradient(SplittableRandom random, int n, DataType type) {
        // a spread of magnitudes and some exact zeros (dead units)
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = i % 7 == 0 ? 0 : random.nextGaussian() * Math.pow(10, -1 - (i % 5));
        return Nd4j.create(g, new long[]{n, 1}, DataType.DOUBLE).castTo(type).dup('f');
    }

    /** Zero output weights (how meta-training starts): every step is the update of ND4J's Adam at 1e-3, negated. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void untrainedItIsAdamAtItsNominalRate(DataType type) {
        int n = 600;   // more than a chunk of the kernel
        INDArray phi = InitialWeights.draw(GENERAL, 3, 1.0, 0.0).castTo(type);
        var step = new LstmStep(GENERAL, new LstmParameters(GENERAL, phi), Nd4j.zeros(type, n, GENERAL.statePlanes()).dup('f'), n);
        var adam = new Adam(1e-3, 0.9, 0.999, 1e-8);
        var adamUpdater = adam.instantiate(Nd4j.zeros(type, 1, adam.stateSize(n)), true);
        var random = new SplittableRandom(5);
        double tolerance = type == DataType.FLOAT ? 1e-5 : 1e-12;
        for (int t = 0; t < 300; t++) {
            INDArray g = gradient(random, n, type);
            INDArray expected = g.reshape('c', 1, n).dup();
            adamUpdater.applyUpdater(expected, t, 0);
            INDArray out = Nd4j.zeros(type, n, 1).dup('f');
            step.apply(g, out);
            for (int i = 0; i < n; i++) {
                double e = -expected.getDouble(0, i), a = out.getDouble(i, 0);
                assertEquals(e, a, tolerance * Math.max(Math.abs(e), 1e-3), "step " + t + ", coordinate " + i);
            }
        }
    }

    /** Whatever the weights, |step| <= scale (e^magnitude |d| + direction), d Adam's direction. */
    @Test
    void theStepStaysWithinItsBound() {
        int n = 200;
        var random = new SplittableRandom(11);
        double[] w = random.doubles(GENERAL.parameterCount(), -30, 30).toArray();
        INDArray phi = Nd4j.create(w, new long[]{1, w.length}, DataType.DOUBLE);
        INDArray planes = Nd4j.zeros(DataType.DOUBLE, n, GENERAL.statePlanes()).dup('f');
        var step = new LstmStep(GENERAL, new LstmParameters(GENERAL, phi), planes, n);
        var features = Preprocessing.AdamTimescales.standard();
        INDArray shadowState = Nd4j.zeros(DataType.DOUBLE, n, features.statePlanes()).dup('f');
        INDArray shadow = Nd4j.zeros(DataType.DOUBLE, n, features.inputSize()).dup('f');
        double largest = 0;
        for (int t = 0; t < 50; t++) {
            INDArray g = gradient(random, n, DataType.DOUBLE).muli(1e4);
            features.apply(g, shadow, shadowState);
            INDArray out = Nd4j.zeros(DataType.DOUBLE, n, 1).dup('f');
            step.apply(g, out);
            for (int i = 0; i < n; i++) {
                double bound = 1e-3 * (10 * Math.abs(shadow.getDouble(i, 0)) + 1);
                double s = Math.abs(out.getDouble(i, 0));
                assertTrue(s <= bound * (1 + 1e-12), "step " + t + ", coordinate " + i + ": " + s + " > " + bound);
                largest = Math.max(largest, s / bound);
            }
        }
        assertTrue(largest > 0.5, "the weights drive the step near its bound: " + largest);
    }

    /**
     * With a warm-up W the log of the step's ratio to Adam's is the open correction's times t^2 / (t^2 + W^2): the
     * same weights, the same gradients, run with and without the warm-up, on the host kernel and on ND4J operations.
     */
    @Test
    void theWarmUpOpensTheCorrectionOverTheFirstSteps() {
        int n = 50, warmUp = 10;
        var random = new SplittableRandom(17);
        var open = new LstmArchitecture(2, 5, Preprocessing.AdamTimescales.standard(), 1e-3, true, 0, null,
                new StepOutput.AdamCorrection(2, 0));
        var warming = new LstmArchitecture(2, 5, Preprocessing.AdamTimescales.standard(), 1e-3, true, 0, null,
                new StepOutput.AdamCorrection(2, 0, warmUp));
        double[] w = random.doubles(open.parameterCount(), -1, 1).toArray();
        INDArray phi = Nd4j.create(w, new long[]{1, w.length}, DataType.DOUBLE);
        var openStep = new LstmStep(open, new LstmParameters(open, phi), Nd4j.zeros(DataType.DOUBLE, n, open.statePlanes()).dup('f'), n);
        var warmStep = new LstmStep(warming, new LstmParameters(warming, phi),
                Nd4j.zeros(DataType.DOUBLE, n, warming.statePlanes()).dup('f'), n);
        var warmNd4j = new Nd4jLstmStep(warming, phi,
                Nd4j.zeros(DataType.DOUBLE, n, warming.statePlanes()).dup('f'), n);
        var adam = Preprocessing.AdamTimescales.standard();
        INDArray adamState = Nd4j.zeros(DataType.DOUBLE, n, adam.statePlanes()).dup('f');
        INDArray features = Nd4j.zeros(DataType.DOUBLE, n, adam.inputSize()).dup('f');
        double spread = 0;
        for (int t = 1; t <= 40; t++) {
            INDArray g = gradient(random, n, DataType.DOUBLE);
            adam.apply(g, features, adamState);
            INDArray a = Nd4j.zeros(DataType.DOUBLE, n, 1).dup('f'), b = a.dup('f'), c = a.dup('f');
            openStep.apply(g, a);
            warmStep.apply(g, b);
            warmNd4j.apply(g, c);
            double fraction = (double) t * t / (t * t + warmUp * warmUp);
            for (int i = 0; i < n; i++) {
                double adamStep = -1e-3 * features.getDouble(i, 0);
                if (adamStep == 0) continue;
                double logOpen = Math.log(a.getDouble(i, 0) / adamStep), logWarm = Math.log(b.getDouble(i, 0) / adamStep);
                assertEquals(fraction * logOpen, logWarm, 1e-9, "step " + t + ", coordinate " + i);
                assertEquals(b.getDouble(i, 0), c.getDouble(i, 0), 1e-12 * Math.abs(b.getDouble(i, 0)), "ND4J, step " + t);
                spread = Math.max(spread, Math.abs(logOpen));
            }
        }
        assertTrue(spread > 0.5, "the weights correct Adam's step: " + spread);
    }

    @Test
    void featuresAreTheNormalizedMomentaAndStepEmbeddings() {
        var pre = new Preprocessing.AdamTimescales(List.of(0.9, 0.99), 0.999, 1e-8, List.of(2.0, 30.0));
        assertEquals(5, pre.inputSize());
        assertEquals(4, pre.statePlanes());
        int n = 2;
        double[][] gradients = {{1, -2}, {3, 0.5}, {-1, 1e-3}, {0.2, 4}};
        INDArray state = Nd4j.zeros(DataType.DOUBLE, n, pre.statePlanes()).dup('f');
        INDArray out = Nd4j.zeros(DataType.DOUBLE, n, pre.inputSize()).dup('f');
        double[] m1 = new double[n], m2 = new double[n], v = new double[n];
        for (int t = 1; t <= gradients.length; t++) {
            pre.apply(Nd4j.create(gradients[t - 1], new long[]{n, 1}, DataType.DOUBLE).dup('f'), out, state);
            for (int i = 0; i < n; i++) {
                double g = gradients[t - 1][i];
                m1[i] = 0.9 * m1[i] + 0.1 * g;
                m2[i] = 0.99 * m2[i] + 0.01 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                // Adam's bias corrections (Kingma and Ba, with epsilon outside the corrected root, as DL4J has it)
                double root = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8 / Math.sqrt(1 - Math.pow(0.999, t));
                assertEquals(m1[i] / (1 - Math.pow(0.9, t)) / root, out.getDouble(i, 0), 1e-12, "momentum 0.9, step " + t);
                assertEquals(m2[i] / (1 - Math.pow(0.99, t)) / root, out.getDouble(i, 1), 1e-12, "momentum 0.99, step " + t);
                assertEquals(g / root, out.getDouble(i, 2), 1e-12, "gradient, step " + t);
                assertEquals(Math.tanh(Math.log(t / 2.0)), out.getDouble(i, 3), 1e-12, "step embedding 2, step " + t);
                assertEquals(Math.tanh(Math.log(t / 30.0)), out.getDouble(i, 4), 1e-12, "step embedding 30, step " + t);
            }
        }
        assertEquals(4.0, state.getDouble(0, 3), 0.0, "the step count is state");
    }

    @Test
    void theCorrectionNeedsAdamsDirectionAndNoMemory() {
        var correction = new StepOutput.AdamCorrection(1, 1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LstmArchitecture(2, 5, new Preprocessing.Moments(0.9, 1e-8), 1e-3, true, 0, null, correction));
        assertTrue(e.getMessage().contains("adam-timescales"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LstmArchitecture(2, 5, Preprocessing.AdamTimescales.standard(),
                1e-3, true, 2, new LowRankMemory(3, 3), correction));
        assertThrows(IllegalArgumentException.class, () -> new StepOutput.AdamCorrection(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new StepOutput.AdamCorrection(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new StepOutput.AdamCorrection(1, 1, -5));
        var noCount = assertThrows(IllegalArgumentException.class, () -> new LstmArchitecture(2, 5,
                new Preprocessing.AdamTimescales(List.of(0.9), 0.999, 1e-8, List.of()), 1e-3, true, 0, null,
                new StepOutput.AdamCorrection(1, 1, 10)));
        assertTrue(noCount.getMessage().contains("step count"), noCount.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Preprocessing.AdamTimescales(List.of(), 0.999, 1e-8, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Preprocessing.AdamTimescales(List.of(0.9), 0.999, 1e-8, List.of(0.0)));
    }

    /** Heads and parameters line up: Wo is H x 2, bo 1 x 2, the skip I x 2 (one weight per feature and head). */
    @Test
    void parameterCountHasBothHeads() {
        int inputs = 7, h = 5;
        int lstm = (inputs + h + 1) * 4 * h + (h + h + 1) * 4 * h;
        assertEquals(lstm + (h + 1) * 2 + inputs * 2, GENERAL.parameterCount());
        assertEquals(2 * 2 * h + 5, GENERAL.statePlanes(), "h and c of two layers, three momenta, v and t");
        var scalingOnly = new LstmArchitecture(2, 5, Preprocessing.AdamTimescales.standard(), 1e-3, true, 0, null,
                new StepOutput.AdamCorrection(1, 0));
        assertEquals(lstm + (h + 1) + inputs, scalingOnly.parameterCount());
    }
}
