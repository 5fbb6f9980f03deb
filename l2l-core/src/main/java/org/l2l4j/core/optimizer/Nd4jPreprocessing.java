package org.l2l4j.core.optimizer;

import static org.l2l4j.core.optimizer.Nd4jViews.columns;

import org.l2l4j.core.baseline.Rprop;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.comparison.CompareAndSet;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Expm1;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A {@link Preprocessing} as ND4J operations, bound to its output and state planes, for
 * {@link Nd4jLstmStep}. The log-sign, scale and identity preprocessings are ND4J operations already and run
 * as they are; the moments family, whose host form is one loop over host memory ({@link NormalizedMoments}),
 * is written out here as whole-plane operations computing the same features and state.
 */
interface Nd4jPreprocessing {

    /** Writes the features of {@code gradient} (n x 1) and updates the state. */
    void apply(INDArray gradient);

    /** @param out n x inputSize features; @param state n x statePlanes view, or null when it keeps none */
    static Nd4jPreprocessing bind(Preprocessing pre, INDArray out, INDArray state) {
        if (pre instanceof Preprocessing.Moments m)
            return new Moments(m.beta(), m.epsilon(), out, state, Extra.NONE, 0);
        if (pre instanceof Preprocessing.MomentsAndGradient m)
            return new Moments(m.beta(), m.epsilon(), out, state, Extra.GRADIENT, m.scale());
        if (pre instanceof Preprocessing.MomentsAndLogSign m)
            return new Moments(m.beta(), m.epsilon(), out, state, Extra.LOG_SIGN, m.p());
        if (pre instanceof Preprocessing.MomentsAndRprop m)
            return new Moments(m.beta(), m.epsilon(), out, state, Extra.RPROP, m.scale());
        if (pre instanceof Preprocessing.AdamTimescales a) return new Timescales(a, out, state);
        if (pre instanceof Preprocessing.MomentsAndPackedRprop m)
            return new Moments(m.beta(), m.epsilon(), out, state, Extra.RPROP_PACKED, m.scale());
        if (pre instanceof Preprocessing.Identity) return gradient -> out.assign(gradient);
        if (pre instanceof Preprocessing.Scale s) return gradient -> out.assign(gradient).muli(s.factor());
        if (pre instanceof Preprocessing.LogSign l) return gradient -> logSign(gradient, out, l.p(), 0.0);
        if (pre instanceof Preprocessing.SmoothedLogSign l)
            return gradient -> logSign(gradient, out, l.k(), Preprocessing.SmoothedLogSign.EPS);
        throw new IllegalArgumentException("no ND4J-operations form of preprocessing " + pre);
    }

    /** Features (max(log(|x| + eps)/p, -1), clamp(e^p x, -1, 1)) into the two columns of {@code out}, by ND4J operations. */
    static void logSign(INDArray gradient, INDArray out, double p, double eps) {
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

    /** What a moments preprocessing adds after the two normalized moments (see the {@link Preprocessing} records). */
    enum Extra {
        NONE, GRADIENT, LOG_SIGN, RPROP, RPROP_PACKED;

        boolean rprop() { return this == RPROP || this == RPROP_PACKED; }
    }

    /**
     * {@link NormalizedMoments#apply} and its extensions, plane by plane: state m, v, w = 1 - beta^t (then, for
     * Rprop, the previous gradient and the step size, or for packed Rprop the one plane holding both); features m^ / d, g / d with m^ = m / w and
     * d = sqrt(v / w) + eps, then the extra ones.
     */
    final class Moments implements Nd4jPreprocessing {
        private final double beta, epsilon, parameter;
        private final Extra extra;
        private final INDArray m, v, w, previous, size, packed;
        private final INDArray f0, f1, f2, f3, f4, logSign;
        private final INDArray square, d, agreement, factor;

        Moments(double beta, double epsilon, INDArray out, INDArray state, Extra extra, double parameter) {
            this.beta = beta;
            this.epsilon = epsilon;
            this.extra = extra;
            this.parameter = parameter;
            m = columns(state, 0, 1);
            v = columns(state, 1, 1);
            w = columns(state, 2, 1);
            previous = extra == Extra.RPROP ? columns(state, 3, 1) : extra == Extra.RPROP_PACKED ? Nd4jViews.scratch(out.size(0), 1, out.dataType()) : null;
            size = extra == Extra.RPROP ? columns(state, 4, 1) : extra == Extra.RPROP_PACKED ? Nd4jViews.scratch(out.size(0), 1, out.dataType()) : null;
            packed = extra == Extra.RPROP_PACKED ? columns(state, 3, 1) : null;
            f0 = columns(out, 0, 1);
            f1 = columns(out, 1, 1);
            boolean two = extra == Extra.GRADIENT || extra.rprop();
            f2 = two ? columns(out, 2, 1) : null;
            f3 = two ? columns(out, 3, 1) : null;
            f4 = extra.rprop() ? columns(out, 4, 1) : null;
            logSign = extra == Extra.LOG_SIGN ? columns(out, 2, 2) : null;
            long n = out.size(0);
            DataType type = out.dataType();
            square = Nd4jViews.scratch(n, 1, type);
            d = Nd4jViews.scratch(n, 1, type);
            agreement = extra.rprop() ? Nd4jViews.scratch(n, 1, type) : null;
            factor = extra.rprop() ? Nd4jViews.scratch(n, 1, type) : null;
        }

        @Override
        public void apply(INDArray x) {
            m.muli(beta);
            Nd4j.exec(new Axpy(x, m, m, 1 - beta));           // m = beta m + (1 - beta) g
            Nd4j.exec(new MulOp(x, x, square));
            v.muli(beta);
            Nd4j.exec(new Axpy(square, v, v, 1 - beta));      // v = beta v + (1 - beta) g^2
            w.muli(beta).addi(1 - beta);                      // w = 1 - beta^t
            Nd4j.exec(new DivOp(v, w, d));
            Transforms.sqrt(d, false);
            d.addi(epsilon);                                  // d = sqrt(v / w) + eps
            INDArray momentum = f2 != null ? f2 : f0;         // m^ = m / w, kept where a feature needs it
            Nd4j.exec(new DivOp(m, w, momentum));
            Nd4j.exec(new DivOp(momentum, d, f0));
            Nd4j.exec(new DivOp(x, d, f1));
            switch (extra) {
                case NONE -> { }
                case GRADIENT -> scaled(x);
                case LOG_SIGN -> Nd4jPreprocessing.logSign(x, logSign, parameter, 0.0);
                case RPROP -> {
                    scaled(x);
                    rprop(x);
                }
                case RPROP_PACKED -> {
                    scaled(x);
                    unpack();
                    rprop(x);
                    pack();
                }
            }
        }

        /** Features 2 and 3: the bias-corrected momentum (already in feature 2) and the gradient, times scale. */
        private void scaled(INDArray x) {
            f2.muli(parameter);
            Nd4j.exec(new ScalarMultiplication(x, null, f3, parameter));
        }

        /**
         * {@link Preprocessing.MomentsAndRprop#rpropStep} on every coordinate: the step size is multiplied by
         * eta+ while the gradient keeps its sign and by eta- when it flips, then kept within [step min, step max];
         * a flip forgets the gradient (so the step after it is not shrunk again) and gives a zero feature.
         */
        private void rprop(INDArray x) {
            Nd4j.exec(new CompareAndSet(size, 0.0, 1.0, 0.0));   // a size of 0 is the state before the first step
            Nd4j.exec(new MulOp(x, previous, agreement));
            Transforms.sign(agreement, false);                  // +1 kept, -1 flipped, 0 either was zero
            factor.assign(agreement);
            Nd4j.exec(new CompareAndSet(factor, 1.0, Rprop.DEFAULT_ETA_PLUS, 0.0));
            Nd4j.exec(new CompareAndSet(factor, -1.0, Rprop.DEFAULT_ETA_MINUS, 0.0));
            Nd4j.exec(new CompareAndSet(factor, 0.0, 1.0, 0.0));
            size.muli(factor);
            // the bounds bind only on the branch that moves toward them, as the size starts within them
            Transforms.min(size, Rprop.DEFAULT_STEP_MAX, false);
            Transforms.max(size, Rprop.DEFAULT_STEP_MIN, false);
            agreement.addi(1);
            Transforms.step(agreement, false);                  // 1 unless flipped
            Nd4j.exec(new MulOp(x, agreement, previous));
            Nd4j.exec(new Sign(previous, f4));
            f4.muli(size);
        }

        /**
         * {@link Preprocessing.MomentsAndPackedRprop}'s plane p into the previous gradient's sign and the step size
         * (scratch planes {@code previous} and {@code size}): p = 0 before the first step (sign 0, size 0, which
         * {@link #rprop} reads as 1); p above the largest size is size * 2^40 after a zero previous gradient (sign 0);
         * otherwise sign(g_prev) * size. Each product is by 0, 1 or a power of two, so exact.
         */
        private void unpack() {
            factor.assign(packed).subi(Rprop.DEFAULT_STEP_MAX);
            Transforms.step(factor, false);                     // 1 where p holds size * 2^40
            Nd4j.exec(new Sign(packed, previous));
            Nd4j.exec(new MulOp(previous, factor, agreement));
            previous.subi(agreement);                           // sign(p) (1 - z)
            Nd4j.exec(new MulOp(packed, previous, size));       // |p| where p is signed, 0 elsewhere
            Nd4j.exec(new Axpy(factor.muli(packed), size, size, 1 / Preprocessing.MomentsAndPackedRprop.ZERO_PREVIOUS));
        }

        /** The plane after {@link #rprop}: sign(g) * size (feature 4) where g was kept and non-zero, size * 2^40 elsewhere. */
        private void pack() {
            Nd4j.exec(new Sign(previous, factor));
            Transforms.abs(factor, false);                      // 1 where the kept gradient is non-zero
            factor.rsubi(1).muli(size).muli(Preprocessing.MomentsAndPackedRprop.ZERO_PREVIOUS);
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp(f4, factor, packed));
        }
    }

    /**
     * {@link AdamAccumulators} plane by plane: state m_1..m_k, v, t; features m_j c_j / (sqrt(v) + eps) with
     * c_j = sqrt(1 - beta2^t) / (1 - beta_j^t), the gradient times c / (sqrt(v) + eps) with c = sqrt(1 - beta2^t),
     * and the step count's embeddings (t^2 - x^2) / (t^2 + x^2). Each coordinate keeps its own count, as on the
     * host; 1 - beta^t is computed as -expm1(t ln beta), which keeps its relative precision in float at small t.
     */
    final class Timescales implements Nd4jPreprocessing {
        private final double[] decays, scales;
        private final double beta2, epsilon;
        private final INDArray[] momenta, momentumFeatures, embeddings;
        private final INDArray v, t, gradientFeature;
        private final INDArray square, root, rootCorrection, correction, t2, numerator;

        Timescales(Preprocessing.AdamTimescales p, INDArray out, INDArray state) {
            int k = p.momentumDecays().size();
            decays = p.momentumDecays().stream().mapToDouble(Double::doubleValue).toArray();
            scales = p.stepScales().stream().mapToDouble(Double::doubleValue).toArray();
            beta2 = p.secondMomentDecay();
            epsilon = p.epsilon();
            momenta = new INDArray[k];
            momentumFeatures = new INDArray[k];
            for (int j = 0; j < k; j++) {
                momenta[j] = columns(state, j, 1);
                momentumFeatures[j] = columns(out, j, 1);
            }
            v = columns(state, k, 1);
            t = columns(state, k + 1, 1);
            gradientFeature = columns(out, k, 1);
            embeddings = new INDArray[scales.length];
            for (int j = 0; j < scales.length; j++) embeddings[j] = columns(out, k + 1 + j, 1);
            long n = out.size(0);
            DataType type = out.dataType();
            square = Nd4jViews.scratch(n, 1, type);
            root = Nd4jViews.scratch(n, 1, type);
            rootCorrection = Nd4jViews.scratch(n, 1, type);
            correction = Nd4jViews.scratch(n, 1, type);
            t2 = Nd4jViews.scratch(n, 1, type);
            numerator = Nd4jViews.scratch(n, 1, type);
        }

        @Override
        public void apply(INDArray x) {
            t.addi(1);
            Nd4j.exec(new MulOp(x, x, square));
            v.muli(beta2);
            Nd4j.exec(new Axpy(square, v, v, 1 - beta2));     // v = beta2 v + (1 - beta2) g^2
            root.assign(v);
            Transforms.sqrt(root, false);
            root.addi(epsilon);                                // sqrt(v) + eps
            oneMinusPower(beta2, rootCorrection);
            Transforms.sqrt(rootCorrection, false);            // sqrt(1 - beta2^t)
            for (int j = 0; j < momenta.length; j++) {
                INDArray m = momenta[j];
                m.muli(decays[j]);
                Nd4j.exec(new Axpy(x, m, m, 1 - decays[j]));   // m_j = beta_j m_j + (1 - beta_j) g
                oneMinusPower(decays[j], correction);
                Nd4j.exec(new DivOp(m, correction, momentumFeatures[j]));
                momentumFeatures[j].muli(rootCorrection).divi(root);
            }
            Nd4j.exec(new MulOp(x, rootCorrection, gradientFeature));
            gradientFeature.divi(root);
            Nd4j.exec(new MulOp(t, t, t2));
            for (int j = 0; j < scales.length; j++) {
                double x2 = scales[j] * scales[j];
                numerator.assign(t2).subi(x2);
                embeddings[j].assign(t2).addi(x2);
                Nd4j.exec(new DivOp(numerator, embeddings[j], embeddings[j]));   // tanh(ln(t / x))
            }
        }

        /** into = 1 - beta^t, per coordinate, as -expm1(t ln beta). */
        private void oneMinusPower(double beta, INDArray into) {
            Nd4j.exec(new ScalarMultiplication(t, null, into, Math.log(beta)));
            Nd4j.exec(new Expm1(into, into));
            into.negi();
        }
    }
}
