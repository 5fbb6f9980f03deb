package org.l2l4j.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

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
            "moments-gradient", "moments-log-sign", "moments-rprop", "moments-rprop-packed", "adam-timescales");

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
            case "adam-timescales" -> Preprocessing.AdamTimescales.standard();
            case "moments-rprop-packed" -> new Preprocessing.MomentsAndPackedRprop(0.95, 1e-8, 100);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * lstm (2 x 5), lstm-1 (one layer of 4), lstm-gac (2 x 5, 2 global cells), ntm-lbfgs (its controller with a
     * window of 3 steps, shorter than the runs, so slots are overwritten); corrected-adam (2 x 5 with the
     * corrected-Adam output of two heads) and corrected-adam-1 (one layer of 4, the magnitude head only) and corrected-adam-warm-up (corrected-adam opening
     * over the first 6 steps), which
     * take only a preprocessing that leads with Adam's direction ({@link #preprocessingsOf}).
     */
    public static LstmArchitecture architecture(String kind, String preprocessing, boolean skip) {
        Preprocessing pre = preprocessing(preprocessing);
        return switch (kind) {
            case "lstm" -> new LstmArchitecture(2, 5, pre, 0.1, skip);
            case "lstm-1" -> new LstmArchitecture(1, 4, pre, 0.05, skip);
            case "lstm-gac" -> new LstmArchitecture(2, 5, pre, 0.1, skip, 2, null);
            case "ntm-lbfgs" -> new LstmArchitecture(2, 5, pre, 0.1, skip, 2, new LowRankMemory(3, 3));
            case "corrected-adam" -> new LstmArchitecture(2, 5, pre, 1e-3, skip, 0, null, new StepOutput.AdamCorrection(3, 1));
            case "corrected-adam-1" -> new LstmArchitecture(1, 4, pre, 1e-3, skip, 0, null, new StepOutput.AdamCorrection(2, 0));
            case "corrected-adam-warm-up" -> new LstmArchitecture(2, 5, pre, 1e-3, skip, 0, null, new StepOutput.AdamCorrection(3, 1, 6));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    public static List<String> kinds() {
        return List.of("lstm", "lstm-1", "lstm-gac", "ntm-lbfgs", "corrected-adam", "corrected-adam-1", "corrected-adam-warm-up");
    }

    /** The preprocessings an architecture kind takes: every one, or for a corrected-Adam output adam-timescales. */
    public static List<String> preprocessingsOf(String kind) {
        return kind.startsWith("corrected-adam") ? List.of("adam-timescales") : PREPROCESSINGS;
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

    /**
     * How far the two kernels' steps (or state planes) may lie apart, relative to the largest value compared.
     * <ul>
     *   <li>DOUBLE 1e-12. Both kernels compute the same operations in double; they differ in the order of GEMM
     *       sums, in the libm behind exp and tanh, and in where products are fused. Measured: at most 2.4e-15.</li>
     *   <li>FLOAT 5e-5. The host kernel computes tanh and the sigmoid by a rational fit (within 7 ulp) and the
     *       preprocessing in double, the ND4J kernel with float libm and float operations throughout, and both
     *       round some hundred operations per step through a 30-step recurrence. Each float kernel deviates from
     *       the double result by up to 7e-6 on these cases (measured, both kernels alike), so they may differ by
     *       twice that; 5e-5 leaves a margin over it, while a wrong gate, bias, set, slot or feature moves the
     *       step by 1e-3 or more (each was tried).</li>
     * </ul>
     */
    public static double tolerance(DataType type) {
        return type == DataType.FLOAT ? 5e-5 : 1e-12;
    }

    /** max |actual - expected| / max |expected|, in double; the plain difference when expected is zero. */
    public static double relativeError(INDArray actual, INDArray expected) {
        INDArray a = actual.castTo(DataType.DOUBLE).reshape(expected.length()), e = expected.castTo(DataType.DOUBLE).reshape(expected.length());
        double scale = e.amaxNumber().doubleValue(), diff = a.sub(e).amaxNumber().doubleValue();
        return scale == 0 ? diff : diff / scale;
    }

    /**
     * Runs a kernel from zero state over the gradients, in place as DL4J does: its steps (one row per step) and
     * its final state planes, both in double.
     */
    public static INDArray[] run(LstmArchitecture arch, double[] weights, long setSize, List<double[]> gradients,
                                 DataType type, StepKernel kernel) {
        int n = gradients.get(0).length;
        INDArray planes = Nd4j.zeros(type, n, arch.statePlanes()).dup('f');
        var step = OptimizerStep.deploy(arch, weights, planes, setSize, kernel);
        if (step.kernel() != kernel) throw new IllegalStateException("asked for the " + kernel + " kernel, got " + step.kernel());
        INDArray steps = Nd4j.zeros(DataType.DOUBLE, gradients.size(), n);
        for (int t = 0; t < gradients.size(); t++) {
            INDArray g = column(gradients.get(t), type);
            step.apply(g, g);
            steps.putRow(t, g.castTo(DataType.DOUBLE).reshape(1, n));
        }
        return new INDArray[]{steps, planes.castTo(DataType.DOUBLE)};
    }

    /**
     * Asserts that a run (steps, final planes: what {@link #run} returns) lies within {@link #tolerance} of the
     * expected one, step by step and plane by plane, each relative to its largest value.
     *
     * @return the case's name and the largest errors found, for a report
     */
    public static Map<String, Object> assertClose(String name, INDArray[] actual, INDArray[] expected, DataType type) {
        double tolerance = tolerance(type), stepError = 0, stateError = 0;
        for (int t = 0; t < expected[0].rows(); t++) {
            double e = relativeError(actual[0].getRow(t), expected[0].getRow(t));
            stepError = Math.max(stepError, e);
            assertTrue(e <= tolerance, name + ": step " + t + " differs by " + e + " of its largest value");
        }
        for (int k = 0; k < expected[1].columns(); k++) {
            double e = relativeError(actual[1].get(NDArrayIndex.all(), NDArrayIndex.point(k)),
                    expected[1].get(NDArrayIndex.all(), NDArrayIndex.point(k)));
            stateError = Math.max(stateError, e);
            assertTrue(e <= tolerance, name + ": state plane " + k + " differs by " + e + " of its largest value");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("case", name);
        result.put("maxStepError", stepError);
        result.put("maxStateError", stateError);
        result.put("tolerance", tolerance);
        return result;
    }

    public static INDArray column(double[] values, DataType type) {
        return Nd4j.create(values, new long[]{values.length, 1}, DataType.DOUBLE).castTo(type).dup('f');
    }
}
