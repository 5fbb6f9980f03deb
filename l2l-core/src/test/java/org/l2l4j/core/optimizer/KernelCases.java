package org.l2l4j.core.optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The cases on which the two step kernels are compared: every architecture (lstm, lstm-gac, ntm-lbfgs; one
 * and two layers; with and without the input skip) with every preprocessing, and a gradient stream that
 * reaches every branch of the preprocessings: coordinates of scales from 1e-9 to 10 (both sides of log-sign's
 * e^-p threshold), exact zeros, and signs that persist on some coordinates and flip on others (Rprop's
 * three cases).
 */
public final class KernelCases {
    private KernelCases() {}

    /** Each preprocessing the architecture record can hold, by its JSON name. */
    public static final List<String> PREPROCESSINGS = List.of("none", "scale", "log-sign", "smoothed-log-sign", "moments",
            "moments-gradient", "moments-log-sign", "moments-rprop");

    public static Preprocessing preprocessing(String name) {
        return switch (name) {
            case "none" -> new Preprocessing.Identity();
            case "scale" -> new Preprocessing.Scale(30);
            case "log-sign" -> new Preprocessing.LogSign(10);
            case "smoothed-log-sign" -> new Preprocessing.SmoothedLogSign(5);
            case "moments" -> new Preprocessing.Moments(0.9, 1e-8);
            case "moments-gradient" -> new Preprocessing.MomentsAndGradient(0.95, 1e-8, 100);
            case "moments-log-sign" -> new Preprocessing.MomentsAndLogSign(0.9, 1e-8, 10);
            case "moments-rprop" -> new Preprocessing.MomentsAndRprop(0.95, 1e-8, 100);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * lstm (2 x 5), lstm-1 (one layer of 4), lstm-gac (2 x 5, 2 global cells), ntm-lbfgs (its controller with a
     * window of 3 steps, shorter than the runs, so slots are overwritten).
     */
    public static LstmArchitecture architecture(String kind, String preprocessing, boolean skip) {
        Preprocessing pre = preprocessing(preprocessing);
        return switch (kind) {
            case "lstm" -> new LstmArchitecture(2, 5, pre, 0.1, skip);
            case "lstm-1" -> new LstmArchitecture(1, 4, pre, 0.05, skip);
            case "lstm-gac" -> new LstmArchitecture(2, 5, pre, 0.1, skip, 2, null);
            case "ntm-lbfgs" -> new LstmArchitecture(2, 5, pre, 0.1, skip, 2, new LowRankMemory(3, 3));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    public static List<String> kinds() {
        return List.of("lstm", "lstm-1", "lstm-gac", "ntm-lbfgs");
    }

    /** Trained-looking weights: the initial draw plus uniform noise on every weight, so each one is in play. */
    public static double[] weights(LstmArchitecture arch, long seed) {
        INDArray phi = InitialWeights.draw(arch, seed, 1.0, 0.1);
        phi.addi(TestArchitectures.jitter(arch, 0.4, DataType.DOUBLE));
        return phi.toDoubleVector();
    }

    /** The gradient stream: {@code steps} gradients of n coordinates, the same in every JVM. */
    public static List<double[]> gradients(int n, int steps, long seed) {
        var random = new SplittableRandom(seed);
        double[] scale = new double[n], drift = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = Math.pow(10, random.nextDouble(-9, 1));
            drift[i] = i % 3 == 0 ? 0 : random.nextBoolean() ? 1.5 : -1.5;   // a third flip at random, the rest mostly hold
        }
        List<double[]> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            double[] g = new double[n];
            for (int i = 0; i < n; i++) g[i] = random.nextDouble() < 0.03 ? 0 : scale[i] * (drift[i] + random.nextGaussian());
            out.add(g);
        }
        return out;
    }

    public static INDArray column(double[] values, DataType type) {
        return Nd4j.create(values, new long[]{values.length, 1}, DataType.DOUBLE).castTo(type).dup('f');
    }
}
