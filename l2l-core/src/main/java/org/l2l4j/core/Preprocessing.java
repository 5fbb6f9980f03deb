package org.l2l4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonSubTypes;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * How a raw gradient coordinate becomes the optimizer network's input (paper, appendix A).
 * Inputs are constants of the meta-gradient (second derivatives are dropped), so only the
 * forward map is needed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Preprocessing.Identity.class, name = "none"),
    @JsonSubTypes.Type(value = Preprocessing.Scale.class, name = "scale"),
    @JsonSubTypes.Type(value = Preprocessing.LogSign.class, name = "log-sign"),
    @JsonSubTypes.Type(value = Preprocessing.SmoothedLogSign.class, name = "smoothed-log-sign")})
public sealed interface Preprocessing {

    /** Number of input features per coordinate. */
    int inputSize();

    /**
     * Writes the features of {@code gradient} (n x 1) into {@code out} (n x inputSize), in place,
     * allocating nothing.
     */
    void apply(INDArray gradient, INDArray out);

    /** The gradient as it is. */
    record Identity() implements Preprocessing {
        public int inputSize() { return 1; }
        public void apply(INDArray gradient, INDArray out) { out.assign(gradient); }
    }

    /** The gradient times a constant (the paper's "rescaling inputs by an appropriate constant"). */
    record Scale(double factor) implements Preprocessing {
        public int inputSize() { return 1; }
        public void apply(INDArray gradient, INDArray out) { out.assign(gradient).muli(factor); }
    }

    /**
     * The paper's formula: (log|x|/p, sgn x) if |x| >= e^-p, else (-1, e^p x). Written as
     * (max(log|x|/p, -1), clamp(e^p x, -1, 1)), which is the same function without a branch.
     */
    record LogSign(double p) implements Preprocessing {
        public LogSign {
            if (!(p > 0)) throw new IllegalArgumentException("log-sign preprocessing needs p > 0, got " + p);
        }
        public int inputSize() { return 2; }
        public void apply(INDArray gradient, INDArray out) {
            logSign(gradient, out, p, 0.0);
        }
    }

    /**
     * The released code's variant (k = 5 there): max(log(|x| + eps)/k, -1), clamp(e^k x, -1, 1), with eps
     * the float machine epsilon. It differs from {@link LogSign} only below |x| = eps.
     */
    record SmoothedLogSign(double k) implements Preprocessing {
        static final double EPS = Math.ulp(1.0f);
        public SmoothedLogSign {
            if (!(k > 0)) throw new IllegalArgumentException("smoothed log-sign preprocessing needs k > 0, got " + k);
        }
        public int inputSize() { return 2; }
        public void apply(INDArray gradient, INDArray out) {
            logSign(gradient, out, k, EPS);
        }
    }

    private static void logSign(INDArray gradient, INDArray out, double p, double eps) {
        INDArray magnitude = out.getColumn(0, true);
        INDArray sign = out.getColumn(1, true);
        magnitude.assign(gradient);
        Transforms.abs(magnitude, false);
        if (eps > 0) magnitude.addi(eps);
        // log(0) is -inf, and max(-inf, -1) = -1, which is the formula's value at 0.
        Transforms.log(magnitude, false);
        magnitude.divi(p);
        Transforms.max(magnitude, -1.0, false);
        sign.assign(gradient).muli(Math.exp(p));
        Transforms.min(Transforms.max(sign, -1.0, false), 1.0, false);
    }
}
