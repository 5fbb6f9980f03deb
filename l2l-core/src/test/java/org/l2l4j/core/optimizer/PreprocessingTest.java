package org.l2l4j.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PreprocessingTest {
    static final double[] X = {0, 1e-12, -1e-12, 3e-5, -4.5e-5, 4.539e-5, 0.01, -0.3, 1, -7, 123.4, -1e6};

    /** Appendix A, literally: (log|x|/p, sgn x) if |x| >= e^-p, else (-1, e^p x). */
    static double[] paper(double x, double p) {
        return Math.abs(x) >= Math.exp(-p) ? new double[]{Math.log(Math.abs(x)) / p, Math.signum(x)}
                : new double[]{-1, Math.exp(p) * x};
    }

    private static INDArray features(Preprocessing pre, DataType type) {
        INDArray g = Nd4j.create(X, new long[]{X.length, 1}, DataType.DOUBLE).castTo(type).dup('f');
        INDArray out = Nd4j.createUninitialized(type, new long[]{X.length, pre.inputSize()}, 'f');
        pre.apply(g, out);
        return out.castTo(DataType.DOUBLE);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void logSignIsTheAppendixFormula(DataType type) {
        double tolerance = type == DataType.FLOAT ? 1e-6 : 1e-12;
        for (double p : new double[]{10, 5}) {
            INDArray out = features(new Preprocessing.LogSign(p), type);
            for (int i = 0; i < X.length; i++) {
                double x = type == DataType.FLOAT ? (float) X[i] : X[i];
                double[] expected = paper(x, p);
                assertEquals(expected[0], out.getDouble(i, 0), tolerance, "log feature of " + x);
                assertEquals(expected[1], out.getDouble(i, 1), tolerance * Math.max(1, Math.abs(expected[1])), "sign feature of " + x);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void smoothedLogSignIsTheReleasedCodesVariant(DataType type) {
        double k = 5, eps = Math.ulp(1.0f);
        INDArray out = features(new Preprocessing.SmoothedLogSign(k), type);
        for (int i = 0; i < X.length; i++) {
            double x = type == DataType.FLOAT ? (float) X[i] : X[i];
            assertEquals(Math.max(Math.log(Math.abs(x) + eps) / k, -1), out.getDouble(i, 0), 1e-6);
            assertEquals(Math.max(-1, Math.min(1, Math.exp(k) * x)), out.getDouble(i, 1), 1e-6);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void scaleAndIdentity(DataType type) {
        INDArray scaled = features(new Preprocessing.Scale(0.25), type);
        INDArray same = features(new Preprocessing.Identity(), type);
        for (int i = 0; i < X.length; i++) {
            assertEquals(0.25 * X[i], scaled.getDouble(i, 0), 1e-6 * Math.max(1, Math.abs(X[i])));
            assertEquals(X[i], same.getDouble(i, 0), 1e-6 * Math.max(1, Math.abs(X[i])));
        }
    }

    @org.junit.jupiter.api.Test
    void rejectsNonPositiveParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Preprocessing.LogSign(0));
        assertThrows(IllegalArgumentException.class, () -> new Preprocessing.SmoothedLogSign(-1));
    }

    /** Adam's bias-corrected moments, step by step, against a plain double computation. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void momentsAreAdamsNormalizedMoments(DataType type) {
        double beta = 0.9, eps = 1e-8;
        var pre = new Preprocessing.Moments(beta, eps);
        int n = 3;
        double[][] gradients = {{1, -2, 0}, {3, 1, 0}, {-1, 1e-3, 5}};
        INDArray state = Nd4j.zeros(type, n, pre.statePlanes()).dup('f');
        INDArray out = Nd4j.zeros(type, n, 2).dup('f');
        double[] m = new double[n], v = new double[n];
        for (int t = 1; t <= gradients.length; t++) {
            pre.apply(Nd4j.create(gradients[t - 1], new long[]{n, 1}, DataType.DOUBLE).castTo(type).dup('f'), out, state);
            for (int i = 0; i < n; i++) {
                double g = gradients[t - 1][i];
                m[i] = beta * m[i] + (1 - beta) * g;
                v[i] = beta * v[i] + (1 - beta) * g * g;
                double correction = 1 - Math.pow(beta, t);
                double d = Math.sqrt(v[i] / correction) + eps;
                double tolerance = type == DataType.FLOAT ? 1e-5 : 1e-12;
                assertEquals(m[i] / correction / d, out.getDouble(i, 0), tolerance, "normalized mean, step " + t + ", coordinate " + i);
                assertEquals(g / d, out.getDouble(i, 1), tolerance, "normalized gradient, step " + t + ", coordinate " + i);
            }
        }
        // the same gradients 1000 times larger give the same features: the inputs ignore the loss's scale
        INDArray scaledState = Nd4j.zeros(type, n, pre.statePlanes()).dup('f');
        INDArray scaled = Nd4j.zeros(type, n, 2).dup('f');
        for (double[] g : gradients)
            pre.apply(Nd4j.create(g, new long[]{n, 1}, DataType.DOUBLE).muli(1000).castTo(type).dup('f'), scaled, scaledState);
        assertArrayEquals(out.ravel().toDoubleVector(), scaled.ravel().toDoubleVector(), 1e-5);
    }

    @org.junit.jupiter.api.Test
    void momentsNeedTheirState() {
        var pre = new Preprocessing.Moments(0.9, 1e-8);
        INDArray g = Nd4j.zeros(DataType.FLOAT, 4, 1);
        assertThrows(IllegalStateException.class, () -> pre.apply(g, Nd4j.zeros(DataType.FLOAT, 4, 2)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> pre.apply(g, Nd4j.zeros(DataType.FLOAT, 4, 2).dup('f'), Nd4j.zeros(DataType.FLOAT, 4, 2).dup('f')));
        assertTrue(e.getMessage().contains("state 4 x 3"), e.getMessage());
    }

    /** The extended moments keep Moments' two features and state, and add the gradient's scale. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void extendedMomentsAddTheGradientsScale(DataType type) {
        double beta = 0.9, eps = 1e-8, scale = 100, p = 10;
        int n = 3;
        double[][] gradients = {{1e-3, -2e-2, 0}, {3e-3, 1e-5, 0}, {-1e-3, 1e-3, 5e-2}};
        var moments = new Preprocessing.Moments(beta, eps);
        var withGradient = new Preprocessing.MomentsAndGradient(beta, eps, scale);
        var withLogSign = new Preprocessing.MomentsAndLogSign(beta, eps, p);
        INDArray s0 = Nd4j.zeros(type, n, 3).dup('f'), s1 = s0.dup('f'), s2 = s0.dup('f');
        INDArray o0 = Nd4j.zeros(type, n, 2).dup('f'), o1 = Nd4j.zeros(type, n, 4).dup('f'), o2 = o1.dup('f');
        INDArray logSign = Nd4j.zeros(type, n, 2).dup('f');
        double tolerance = type == DataType.FLOAT ? 1e-5 : 1e-12;
        for (double[] gradient : gradients) {
            INDArray g = Nd4j.create(gradient, new long[]{n, 1}, DataType.DOUBLE).castTo(type).dup('f');
            moments.apply(g, o0, s0);
            withGradient.apply(g, o1, s1);
            withLogSign.apply(g, o2, s2);
            new Preprocessing.LogSign(p).apply(g, logSign);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(o0.getDouble(i, j), o1.getDouble(i, j), tolerance);
                    assertEquals(o0.getDouble(i, j), o2.getDouble(i, j), tolerance);
                    assertEquals(logSign.getDouble(i, j), o2.getDouble(i, 2 + j), tolerance, "log-sign feature " + j);
                }
                assertEquals(scale * s0.getDouble(i, 0) / s0.getDouble(i, 2), o1.getDouble(i, 2), tolerance, "scaled momentum");
                assertEquals(scale * g.getDouble(i), o1.getDouble(i, 3), tolerance, "scaled gradient");
            }
        }
        assertArrayEquals(s0.ravel().toDoubleVector(), s1.ravel().toDoubleVector(), 0);
        assertArrayEquals(s0.ravel().toDoubleVector(), s2.ravel().toDoubleVector(), 0);
    }

    /**
     * moments-rprop keeps moments-gradient's four features and, as the fifth, the update of the Rprop
     * baseline at learning rate 1 on the same gradients (sign flips, a zero gradient, a step size run up
     * against its cap of 50 over 30 steps of one sign).
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void momentsRpropAddsRpropsStep(DataType type) {
        double beta = 0.9, eps = 1e-8, scale = 100;
        int n = 4, steps = 30;
        var withGradient = new Preprocessing.MomentsAndGradient(beta, eps, scale);
        var withRprop = new Preprocessing.MomentsAndRprop(beta, eps, scale);
        INDArray s1 = Nd4j.zeros(type, n, 3).dup('f'), s2 = Nd4j.zeros(type, n, 5).dup('f');
        INDArray o1 = Nd4j.zeros(type, n, 4).dup('f'), o2 = Nd4j.zeros(type, n, 5).dup('f');
        var rprop = new org.l2l4j.core.baseline.Rprop(1.0);
        INDArray rpropState = Nd4j.zeros(DataType.DOUBLE, 1, 2 * n);
        var updater = rprop.instantiate(rpropState, true);
        double tolerance = type == DataType.FLOAT ? 1e-5 : 1e-12;
        for (int t = 0; t < steps; t++) {
            // coordinate 0: one sign throughout (the step size reaches its cap); 1: alternating signs;
            // 2: tiny and steady, then a flip at step 10; 3: zero at every third step
            double[] gradient = {2e-3, (t % 2 == 0 ? 1 : -1) * 0.5, (t < 10 ? 1 : -1) * 1e-7, t % 3 == 0 ? 0 : -3e-2};
            INDArray g = Nd4j.create(gradient, new long[]{n, 1}, DataType.DOUBLE).castTo(type).dup('f');
            withGradient.apply(g, o1, s1);
            withRprop.apply(g, o2, s2);
            INDArray expected = g.castTo(DataType.DOUBLE).reshape(1, n).dup();
            updater.applyUpdater(expected, t, 0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 4; j++) assertEquals(o1.getDouble(i, j), o2.getDouble(i, j), tolerance, "feature " + j);
                assertEquals(expected.getDouble(0, i), o2.getDouble(i, 4), tolerance * 50, "Rprop's step, step " + t + ", coordinate " + i);
            }
        }
        assertEquals(50, o2.getDouble(0, 4), 0, "a steady sign runs the step size up to its cap");
        assertArrayEquals(s1.ravel().toDoubleVector(), s2.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)).dup('f').ravel().toDoubleVector(), 0);
    }

    /**
     * moments-rprop-packed gives moments-rprop's features bit for bit from 4 state planes instead of 5, over sign flips,
     * zero gradients, a step size run up to its cap and one run down to its floor (alternating signs, 60 steps).
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void packedRpropStateGivesTheSameFeaturesFromOnePlaneFewer(DataType type) {
        double beta = 0.9, eps = 1e-8, scale = 100;
        int n = 5, steps = 60;
        var plain = new Preprocessing.MomentsAndRprop(beta, eps, scale);
        var packed = new Preprocessing.MomentsAndPackedRprop(beta, eps, scale);
        assertEquals(4, packed.statePlanes());
        INDArray s1 = Nd4j.zeros(type, n, 5).dup('f'), s2 = Nd4j.zeros(type, n, 4).dup('f');
        INDArray o1 = Nd4j.zeros(type, n, 5).dup('f'), o2 = Nd4j.zeros(type, n, 5).dup('f');
        double smallest = Double.POSITIVE_INFINITY;
        for (int t = 0; t < steps; t++) {
            double sign = t % 2 == 0 ? 1 : -1;
            double[] gradient = {2e-3, sign * 0.5, (t < 10 ? 1 : -1) * 1e-7, t % 3 == 0 ? 0 : -3e-2,
                    t % 5 == 0 ? -sign * 4e-4 : 1e-30};
            INDArray g = Nd4j.create(gradient, new long[]{n, 1}, DataType.DOUBLE).castTo(type).dup('f');
            plain.apply(g, o1, s1);
            packed.apply(g, o2, s2);
            assertArrayEquals(o1.ravel().toDoubleVector(), o2.ravel().toDoubleVector(), 0.0, "features at step " + t);
            if (t % 2 == 0) smallest = Math.min(smallest, Math.abs(o2.getDouble(1, 4)));   // odd steps flip: no step
        }
        assertEquals(50, o2.getDouble(0, 4), 0, "a steady sign runs the step size up to its cap");
        assertEquals(1e-6, smallest, type == DataType.FLOAT ? 1e-12 : 0, "alternating signs run it down to its floor");
    }

    /** Weights meta-trained with moments-rprop take the same steps when deployed with the packed state. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void anOptimizerTakesTheSameStepsWithThePackedState(DataType type) {
        var plain = new LstmArchitecture(1, 6, new Preprocessing.MomentsAndRprop(0.95, 1e-8, 100), 0.4, true);
        var packed = new LstmArchitecture(1, 6, new Preprocessing.MomentsAndPackedRprop(0.95, 1e-8, 100), 0.4, true);
        assertEquals(plain.statePlanes() - 1, packed.statePlanes());
        INDArray phi = TestArchitectures.jitter(plain, 0.5, type);
        int n = 40;
        var a = new LstmStep(plain, new LstmParameters(plain, phi), Nd4j.zeros(type, n, plain.statePlanes()).dup('f'), n);
        var b = new LstmStep(packed, new LstmParameters(packed, phi), Nd4j.zeros(type, n, packed.statePlanes()).dup('f'), n);
        var random = new java.util.SplittableRandom(3);
        for (int t = 0; t < 25; t++) {
            INDArray g = Nd4j.create(random.doubles(n, -1e-2, 1e-2).toArray(), new long[]{n, 1}, DataType.DOUBLE).castTo(type).dup('f');
            INDArray stepA = Nd4j.zeros(type, n, 1).dup('f'), stepB = Nd4j.zeros(type, n, 1).dup('f');
            a.apply(g, stepA);
            b.apply(g, stepB);
            assertArrayEquals(stepA.toDoubleVector(), stepB.toDoubleVector(), 0.0, "step " + t);
        }
    }
}
