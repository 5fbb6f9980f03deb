package org.l2l4j.core.optimizer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small optimizer architectures and seeded weight noise, shared by the kernel and meta-gradient tests. */
public final class TestArchitectures {
    private TestArchitectures() {}

    /**
     * Small versions of the three architectures: 2 layers of 5 units; with GAC 2 of them global; the
     * memory's window (3 steps) is shorter than a truncation, so pairs are overwritten inside it and the
     * second truncation starts from a full memory. And the corrected-Adam output ("adam-correction", with its
     * direction term; "adam-scaling", without; "adam-warm-up", opening over the first steps), which needs the "adam-timescales" preprocessing.
     */
    public static LstmArchitecture architecture(String preprocessing, String kind) {
        Preprocessing pre = switch (preprocessing.replace("-skip", "")) {
            case "moments" -> new Preprocessing.Moments(0.9, 1e-8);
            case "moments-gradient" -> new Preprocessing.MomentsAndGradient(0.9, 1e-8, 100);
            case "moments-rprop" -> new Preprocessing.MomentsAndRprop(0.9, 1e-8, 100);
            case "moments-rprop-packed" -> new Preprocessing.MomentsAndPackedRprop(0.9, 1e-8, 100);
            case "log-sign" -> new Preprocessing.LogSign(3);
            case "adam-timescales" -> new Preprocessing.AdamTimescales(java.util.List.of(0.9, 0.99), 0.999, 1e-8,
                    java.util.List.of(2.0, 5.0));
            default -> new Preprocessing.Identity();
        };
        boolean skip = preprocessing.endsWith("skip");
        return switch (kind) {
            case "lstm" -> new LstmArchitecture(2, 5, pre, 0.1, skip);
            case "lstm-gac" -> new LstmArchitecture(2, 5, pre, 0.1, skip, 2, null);
            case "ntm-lbfgs" -> new LstmArchitecture(2, 5, pre, 0.1, skip, 2, new LowRankMemory(3, 3));
            // a correction of Adam's step, with and without the bounded direction term
            case "adam-correction" -> new LstmArchitecture(2, 5, pre, 0.1, skip, 0, null, new StepOutput.AdamCorrection(1.5, 0.5));
            case "adam-scaling" -> new LstmArchitecture(2, 5, pre, 0.1, skip, 0, null, new StepOutput.AdamCorrection(1.5, 0));
            // half open at step 8: the fraction moves over every step of the tests' truncations
            case "adam-warm-up" -> new LstmArchitecture(2, 5, pre, 0.1, skip, 0, null, new StepOutput.AdamCorrection(1.5, 0.5, 8));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /**
     * Uniform noise in [-amplitude/2, amplitude/2) for every weight, the same in every run: an unseeded draw
     * once landed where the central differences' h^2 truncation error (2.3e-6 at h = 1e-5, shrinking 100-fold
     * per 10-fold smaller h) exceeded the tolerance.
     */
    public static INDArray jitter(LstmArchitecture arch, double amplitude, DataType type) {
        var random = new java.util.SplittableRandom(20261124);
        return Nd4j.create(random.doubles(arch.parameterCount(), -amplitude / 2, amplitude / 2).toArray(),
                new long[]{1, arch.parameterCount()}, DataType.DOUBLE).castTo(type);
    }
}
