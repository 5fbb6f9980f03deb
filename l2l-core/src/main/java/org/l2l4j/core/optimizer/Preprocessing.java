package org.l2l4j.core.optimizer;

import org.l2l4j.core.baseline.Rprop;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.Raw;
import org.nd4j.linalg.api.ndarray.INDArray;
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
    @JsonSubTypes.Type(value = Preprocessing.SmoothedLogSign.class, name = "smoothed-log-sign"),
    @JsonSubTypes.Type(value = Preprocessing.Moments.class, name = "moments"),
    @JsonSubTypes.Type(value = Preprocessing.MomentsAndGradient.class, name = "moments-gradient"),
    @JsonSubTypes.Type(value = Preprocessing.MomentsAndLogSign.class, name = "moments-log-sign"),
    @JsonSubTypes.Type(value = Preprocessing.MomentsAndRprop.class, name = "moments-rprop"),
    @JsonSubTypes.Type(value = Preprocessing.MomentsAndPackedRprop.class, name = "moments-rprop-packed"),
    @JsonSubTypes.Type(value = Preprocessing.AdamTimescales.class, name = "adam-timescales")})
public sealed interface Preprocessing {

    /** Number of input features per coordinate. */
    int inputSize();

    /**
     * Writes the features of {@code gradient} (n x 1) into {@code out} (n x inputSize), in place,
     * allocating nothing. A stateful preprocessing also reads and updates its per-coordinate state.
     *
     * @param state n x {@link #statePlanes()}, column-major, updated in place; null when there are no planes
     */
    default void apply(INDArray gradient, INDArray out, INDArray state) {
        if (statePlanes() > 0 && state == null) throw new IllegalStateException(this + " keeps per-coordinate state; pass it");
        Block g = Block.of(gradient), o = Block.of(out), s = state == null ? null : Block.of(state);
        long n = g.rows;
        if (g.cols != 1 || o.rows != n || o.cols != inputSize() || (s != null && (s.rows != n || s.cols != statePlanes())))
            throw new IllegalArgumentException(this + ": gradient " + n + " x 1 needs features " + n + " x " + inputSize()
                    + (statePlanes() > 0 ? " and state " + n + " x " + statePlanes() : "") + ", got gradient " + g.rows + " x "
                    + g.cols + ", features " + o.rows + " x " + o.cols + (s == null ? "" : ", state " + s.rows + " x " + s.cols));
        applyRows(g, o, s);
    }

    /**
     * {@link #apply} on blocks of the same rows: a chunk of coordinates at a time, so that the kernel runs the
     * preprocessing on every core; each row depends on its own gradient and state only.
     */
    void applyRows(Block gradient, Block out, Block state);

    /**
     * Floating-point operations per coordinate and step, as written in {@link #apply} (a library call such as
     * log or sqrt, a min, a max or a sign counts as one; see {@link StepCost}).
     */
    int flopsPerCoordinate();

    /** Per-coordinate state planes this preprocessing keeps (in the optimizer's state, after the LSTM's). */
    default int statePlanes() { return 0; }

    /**
     * Whether feature 0 is Adam's direction m_hat / (sqrt(v_hat) + eps), as DL4J's Adam computes it: what a
     * {@link StepOutput} that corrects Adam's step multiplies.
     */
    default boolean leadsWithAdamDirection() { return false; }

    /** Where the features carry the step count, for a {@link StepOutput} that warms up; null if they do not. */
    default StepEmbedding stepEmbedding() { return null; }

    /**
     * Feature {@code column} is tanh(ln(t / scale)) = (t^2 - scale^2) / (t^2 + scale^2) at step count t = 1, 2, ...:
     * a function of t alone, so a constant of the meta-gradient.
     */
    record StepEmbedding(int column, double scale) {
        /**
         * t^2 / (t^2 + steps^2), the warm-up's fraction at step count t, from the embedding e at this scale:
         * t^2 = scale^2 (1 + e) / (1 - e), so no division by zero at large t, where e rounds to 1 and the fraction to 1.
         */
        public double warmUp(double e, double steps) {
            double a = scale * scale * (1 + e);
            return a / (a + steps * steps * (1 - e));
        }
    }

    /** A stateless preprocessing's features. */
    default void apply(INDArray gradient, INDArray out) {
        if (statePlanes() > 0) throw new IllegalStateException(this + " keeps per-coordinate state; pass it");
        apply(gradient, out, null);
    }

    /** The gradient as it is. */
    record Identity() implements Preprocessing {
        public int inputSize() { return 1; }
        public int flopsPerCoordinate() { return 0; }
        public void applyRows(Block gradient, Block out, Block state) { scaled(gradient, out, 1); }
    }

    /** The gradient times a constant (the paper's "rescaling inputs by an appropriate constant"). */
    record Scale(double factor) implements Preprocessing {
        public int inputSize() { return 1; }
        public int flopsPerCoordinate() { return 1; }
        public void applyRows(Block gradient, Block out, Block state) { scaled(gradient, out, factor); }
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
        public int flopsPerCoordinate() { return StepCost.LOG_SIGN_FLOPS; }
        public void applyRows(Block gradient, Block out, Block state) {
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
        public int flopsPerCoordinate() { return StepCost.LOG_SIGN_FLOPS + 1; }   // + eps
        public void applyRows(Block gradient, Block out, Block state) {
            logSign(gradient, out, k, EPS);
        }
    }

    /**
     * Adam's normalized moments as inputs (the "RNNprop" inputs of Lv et al. 2017, "Learning gradient
     * descent: better generalization and longer horizons"): with running averages m = E[g], v = E[g^2]
     * (decay beta, bias-corrected), the features are (m / (sqrt v + eps), g / (sqrt v + eps)). They do not
     * change when the loss is rescaled, so the optimizer sees the same inputs on a sigmoid and a ReLU
     * network; starting from the normalized gradient, the LSTM has Adam-like steps within reach at once.
     * State: m, v and w = 1 - beta^t (the bias correction, kept per coordinate so no step count is needed).
     */
    record Moments(double beta, double epsilon) implements Preprocessing {
        public Moments {
            check(beta, epsilon);
        }
        static void check(double beta, double epsilon) {
            if (!(beta > 0 && beta < 1)) throw new IllegalArgumentException("moments preprocessing needs 0 < beta < 1, got " + beta);
            if (!(epsilon > 0)) throw new IllegalArgumentException("moments preprocessing needs epsilon > 0, got " + epsilon);
        }
        public int inputSize() { return 2; }
        public int flopsPerCoordinate() { return NormalizedMoments.FLOPS; }
        @Override public int statePlanes() { return 3; }
        public void applyRows(Block gradient, Block out, Block state) {
            NormalizedMoments.apply("moments", beta, epsilon, gradient, out, 2, state, 3, (x, momentum, o, s, i) -> {});
        }
    }

    /**
     * {@link Moments}' two features plus the bias-corrected momentum and the gradient themselves times
     * {@code scale}: the moments are scale-free, so alone they hide how large the gradient is, which
     * momentum SGD (tuned NAG beats Adam on MNIST) lets set the step. Through the linear input path
     * w * scale * m is momentum SGD. Not clamped, so that path stays linear; scale puts the typical
     * MNIST gradient coordinate (1e-4 to 1e-2) at inputs of order 0.01 to 1 for scale 100.
     */
    record MomentsAndGradient(double beta, double epsilon, double scale) implements Preprocessing {
        public MomentsAndGradient {
            checkScaled("moments-gradient", beta, epsilon, scale);
        }
        public int inputSize() { return 4; }
        public int flopsPerCoordinate() { return NormalizedMoments.FLOPS + SCALED_FLOPS; }
        @Override public int statePlanes() { return 3; }
        public void applyRows(Block gradient, Block out, Block state) {
            NormalizedMoments.apply("moments-gradient", beta, epsilon, gradient, out, 4, state, 3,
                    (x, momentum, o, s, i) -> writeScaled(scale, x, momentum, o, i));
        }

        static void checkScaled(String name, double beta, double epsilon, double scale) {
            Moments.check(beta, epsilon);
            if (!(scale > 0)) throw new IllegalArgumentException(name + " preprocessing needs scale > 0, got " + scale);
        }

        /** The momentum and the gradient times scale. */
        static final int SCALED_FLOPS = 2;

        /** Features 2 and 3 of coordinate i: the momentum and the gradient times scale. */
        static void writeScaled(double scale, double x, double momentum, Block o, int i) {
            o.put(i, 2, scale * momentum);
            o.put(i, 3, scale * x);
        }
    }

    /**
     * {@link Moments}' two features plus the paper's log-sign features of the gradient (p as in
     * {@link LogSign}): the magnitude log|g|/p the moments discard, on a log scale.
     */
    record MomentsAndLogSign(double beta, double epsilon, double p) implements Preprocessing {
        public MomentsAndLogSign {
            Moments.check(beta, epsilon);
            if (!(p > 0)) throw new IllegalArgumentException("moments-log-sign preprocessing needs p > 0, got " + p);
        }
        public int inputSize() { return 4; }
        public int flopsPerCoordinate() { return NormalizedMoments.FLOPS + StepCost.LOG_SIGN_FLOPS; }
        @Override public int statePlanes() { return 3; }
        public void applyRows(Block gradient, Block out, Block state) {
            double ep = Math.exp(p);
            NormalizedMoments.apply("moments-log-sign", beta, epsilon, gradient, out, 4, state, 3, (x, momentum, o, s, i) -> {
                // log(0) = -inf, max(-inf, -1) = -1: the formula's value at 0, as in logSign
                o.put(i, 2, Math.max(Math.log(Math.abs(x)) / p, -1.0));
                o.put(i, 3, Math.min(Math.max(ep * x, -1.0), 1.0));
            });
        }
    }

    /**
     * {@link MomentsAndGradient}'s four features plus the step Rprop would take with initial step size 1
     * (iRprop-, {@link Rprop}'s constants: the step size is multiplied by 1.2 while
     * the gradient keeps its sign and by 0.5 when it flips, the step then skipped, and kept in [1e-6, 50]):
     * sign(g) * step size. The moments are scale-free but forget within about 1 / (1 - beta) steps; this
     * feature counts how long the sign has held, so a linear weight on it, through the input path, is
     * Rprop with a learned initial step, whose steps grow geometrically where the gradient is tiny and
     * steady, as in the first layer of a deep sigmoid network. State: the moments' three planes, then the
     * previous gradient (0 after a flip) and the step size (0 before the first step).
     */
    record MomentsAndRprop(double beta, double epsilon, double scale) implements Preprocessing {
        public MomentsAndRprop {
            MomentsAndGradient.checkScaled("moments-rprop", beta, epsilon, scale);
        }
        public int inputSize() { return 5; }
        public int flopsPerCoordinate() { return NormalizedMoments.FLOPS + MomentsAndGradient.SCALED_FLOPS + RPROP_FLOPS; }
        @Override public int statePlanes() { return 5; }
        public void applyRows(Block gradient, Block out, Block state) {
            NormalizedMoments.apply("moments-rprop", beta, epsilon, gradient, out, 5, state, 5, (x, momentum, o, s, i) -> {
                MomentsAndGradient.writeScaled(scale, x, momentum, o, i);
                o.put(i, 4, rpropStep(x, s, i));
            });
        }

        /** The sign agreement g * g_prev and its sign, the step size's multiply and clamp, sign(g) * size. */
        static final int RPROP_FLOPS = 6;

        /** iRprop- with initial step size 1 on coordinate i, its previous gradient and step size in planes 3 and 4. */
        static double rpropStep(double x, Block s, int i) {
            double previous = s.get(i, 3), size = s.get(i, 4);
            if (size == 0) size = 1;
            double agreement = Math.signum(x * previous);
            size = adaptedSize(agreement, size);
            if (agreement < 0) x = 0;
            s.put(i, 3, x);
            s.put(i, 4, size);
            return Math.signum(x) * size;
        }

        /** iRprop-'s step size after a step whose gradient agreed (1), disagreed (-1) or neither (0) with the one before. */
        static double adaptedSize(double agreement, double size) {
            if (agreement > 0) return Math.min(size * Rprop.DEFAULT_ETA_PLUS, Rprop.DEFAULT_STEP_MAX);
            if (agreement < 0) return Math.max(size * Rprop.DEFAULT_ETA_MINUS, Rprop.DEFAULT_STEP_MIN);
            return size;
        }
    }

    /**
     * {@link MomentsAndRprop}'s five features, the same values bit for bit, from one state plane fewer (4): iRprop- reads
     * only the sign of the previous gradient, so its previous gradient and step size fit in one plane. The plane holds
     * sign(g_prev) * size where the previous gradient is not zero, size * 2^40 where it is (after a flip, or a zero
     * gradient), and 0 before the first step. Sizes lie in [1e-6, 50], so the first form stays within 50 and the second
     * above 10^6, and both are exact in float (a sign and a power of two). Weights meta-trained with moments-rprop
     * deploy unchanged with it. Agreement is sign(g) sign(g_prev), where moments-rprop takes sign(g g_prev): the
     * same for every float gradient (their product cannot underflow in double).
     */
    record MomentsAndPackedRprop(double beta, double epsilon, double scale) implements Preprocessing {
        /** 2^40: a zero previous gradient's size is stored times this, far above any signed size. */
        static final double ZERO_PREVIOUS = 0x1p40;

        public MomentsAndPackedRprop {
            MomentsAndGradient.checkScaled("moments-rprop-packed", beta, epsilon, scale);
        }
        public int inputSize() { return 5; }
        public int flopsPerCoordinate() { return NormalizedMoments.FLOPS + MomentsAndGradient.SCALED_FLOPS + RPROP_FLOPS; }
        @Override public int statePlanes() { return 4; }
        public void applyRows(Block gradient, Block out, Block state) {
            NormalizedMoments.apply("moments-rprop-packed", beta, epsilon, gradient, out, 5, state, 4, (x, momentum, o, s, i) -> {
                MomentsAndGradient.writeScaled(scale, x, momentum, o, i);
                o.put(i, 4, rpropStep(x, s, i));
            });
        }

        /** Unpacking the plane, a comparison and a sign or a division, costs what moments-rprop's product does. */
        static final int RPROP_FLOPS = MomentsAndRprop.RPROP_FLOPS + 1;

        /** iRprop- with initial step size 1 on coordinate i, its packed previous sign and step size in plane 3. */
        static double rpropStep(double x, Block s, int i) {
            double packed = s.get(i, 3), previous, size;
            if (packed == 0) {
                previous = 0;
                size = 1;
            } else if (packed > Rprop.DEFAULT_STEP_MAX) {
                previous = 0;
                size = packed / ZERO_PREVIOUS;
            } else {
                previous = Math.signum(packed);
                size = Math.abs(packed);
            }
            double agreement = Math.signum(x) * previous;
            size = MomentsAndRprop.adaptedSize(agreement, size);
            if (agreement < 0) x = 0;
            s.put(i, 3, x == 0 ? size * ZERO_PREVIOUS : Math.signum(x) * size);
            return Math.signum(x) * size;
        }
    }

    /**
     * Adam's accumulators at several timescales, the inputs of the generalist learned optimizers (Metz et al.
     * 2022, "VeLO" and small_fc_lopt: momenta at 0.9, 0.99, 0.999; Harrison et al. 2022), from the gradient
     * stream and the step count alone, which is all DL4J's updater sees. With v the second moment (decay
     * {@code secondMomentDecay}) and t the step count from 1, the features are:
     * <ul>
     *   <li>for each momentum decay beta_j: m_j sqrt(1 - beta2^t) / (1 - beta_j^t) / (sqrt(v) + eps), so feature 0
     *       with beta_0 = 0.9 and beta2 = 0.999 is exactly the direction of DL4J's Adam (its update over the
     *       learning rate);</li>
     *   <li>the gradient itself, normalized the same way: g sqrt(1 - beta2^t) / (sqrt(v) + eps);</li>
     *   <li>for each step scale x: tanh(ln(t / x)) = (t^2 - x^2) / (t^2 + x^2), a smooth "t has passed x" that
     *       saturates, so the features are stationary once t is well past the largest scale and the optimizer
     *       needs no total number of steps.</li>
     * </ul>
     * All are unchanged when the loss is rescaled. State: the momenta, v and t (one plane each).
     */
    record AdamTimescales(java.util.List<Double> momentumDecays, double secondMomentDecay, double epsilon,
                          java.util.List<Double> stepScales) implements Preprocessing {
        public AdamTimescales {
            momentumDecays = java.util.List.copyOf(momentumDecays);
            stepScales = java.util.List.copyOf(stepScales);
            if (momentumDecays.isEmpty()) throw new IllegalArgumentException("adam-timescales preprocessing needs a momentum decay");
            for (double beta : momentumDecays) Moments.check(beta, epsilon);
            Moments.check(secondMomentDecay, epsilon);
            for (double x : stepScales)
                if (!(x > 0 && Double.isFinite(x)))
                    throw new IllegalArgumentException("adam-timescales step scales must be finite and > 0, got " + x);
        }

        /** Momenta at 0.9, 0.99 and 0.999, Adam's second moment (0.999, eps 1e-8), step scales 3, 30 and 300. */
        public static AdamTimescales standard() {
            return new AdamTimescales(java.util.List.of(0.9, 0.99, 0.999), 0.999, 1e-8, java.util.List.of(3.0, 30.0, 300.0));
        }

        public int inputSize() { return momentumDecays.size() + 1 + stepScales.size(); }
        /**
         * t + 1 (1), v (4), sqrt(v) + eps (2), per momentum m (3) and its feature (2), the gradient's feature (2); the
         * bias corrections and step embeddings are computed once per step count, not per coordinate.
         */
        public int flopsPerCoordinate() { return 9 + 5 * momentumDecays.size(); }
        @Override public int statePlanes() { return momentumDecays.size() + 2; }
        @Override public boolean leadsWithAdamDirection() { return true; }
        @Override public StepEmbedding stepEmbedding() {
            return stepScales.isEmpty() ? null : new StepEmbedding(momentumDecays.size() + 1, stepScales.get(0));
        }
        public void applyRows(Block gradient, Block out, Block state) {
            AdamAccumulators.apply(this, gradient, out, state);
        }
    }

    /** out = factor * gradient, rounded to the type as one multiplication. */
    private static void scaled(Block gradient, Block out, double factor) {
        boolean f = gradient.f32;
        double k = f ? (float) factor : factor;
        long g = gradient.address, o = out.address;
        for (int i = 0; i < gradient.rows; i++) Raw.put(f, o, i, k * Raw.get(f, g, i));
    }

    /**
     * (max(log(|x| + eps)/p, -1), clamp(e^p x, -1, 1)), each operation rounded to the type as ND4J's
     * element-wise ops did it before this loop replaced them (log(0) is -inf, and max(-inf, -1) = -1, the
     * formula's value at 0).
     */
    private static void logSign(Block gradient, Block out, double p, double eps) {
        int m = gradient.rows;
        long g = gradient.address, magnitude = out.column(0), sign = out.column(1);
        if (gradient.f32) {
            float pf = (float) p, ef = (float) eps, scale = (float) Math.exp(p);
            for (int i = 0; i < m; i++) {
                float x = (float) Raw.get(true, g, i);
                float a = Math.abs(x);
                if (eps > 0) a += ef;
                Raw.put(true, magnitude, i, Math.max((float) Math.log(a) / pf, -1f));
                Raw.put(true, sign, i, Math.min(Math.max(x * scale, -1f), 1f));
            }
        } else {
            double scale = Math.exp(p);
            for (int i = 0; i < m; i++) {
                double x = Raw.get(false, g, i);
                double a = Math.abs(x);
                if (eps > 0) a += eps;
                Raw.put(false, magnitude, i, Math.max(Math.log(a) / p, -1.0));
                Raw.put(false, sign, i, Math.min(Math.max(x * scale, -1.0), 1.0));
            }
        }
    }
}
