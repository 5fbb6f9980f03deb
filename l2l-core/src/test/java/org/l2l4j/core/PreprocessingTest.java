package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
