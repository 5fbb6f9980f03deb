package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.Raw;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonSubTypes;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * How the LSTM's output heads o (n x {@link #heads()}: hTop Wo + bo [+ inputs Ws]) become the step, when it is
 * not the paper's outputScale * o. The inputs are the preprocessed features of the same step, constants of the
 * meta-gradient.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = StepOutput.AdamCorrection.class, name = "adam-correction")})
public sealed interface StepOutput {

    /** Output heads the LSTM produces per coordinate. */
    int heads();

    /**
     * Floating-point operations per coordinate of {@link #forward}, the output scale included (a library call such
     * as tanh or exp counts as one; see {@link StepCost}).
     */
    int flopsPerCoordinate();

    /**
     * Writes the step (n x 1) from the heads (n x heads) and the features (n x I); {@code steps} says where the
     * features carry the step count (null if they do not).
     */
    void forward(double scale, Block heads, Block features, Preprocessing.StepEmbedding steps, Block step);

    /** dL/d heads (n x heads, written over {@code dHeads}) from dL/d step (n x 1), at the recorded heads and features. */
    void backward(double scale, Block heads, Block features, Preprocessing.StepEmbedding steps, Block dStep, Block dHeads);

    /** Whether the step needs the step count from the features ({@link Preprocessing#stepEmbedding}). */
    boolean readsStepCount();

    /**
     * A nominal Adam step and a bounded learned correction (Harrison et al. 2022, "A closer look at learned
     * optimization": the nominal term keeps the learned optimizer stable far past its training horizon):
     * <pre>step = scale * (-d * exp(magnitude * w * tanh(o1)) + w * direction * tanh(o2))</pre>
     * with d Adam's direction (feature 0 of a preprocessing that {@link Preprocessing#leadsWithAdamDirection
     * leads with it}). With the heads at zero (zero output weights, the untrained optimizer) this is Adam at
     * learning rate {@code scale}; the learned part can scale Adam's step per coordinate by a factor in
     * [e^-magnitude w, e^magnitude w] and add a step of at most {@code w * direction * scale} in any direction, so
     * no weights can make a step larger than scale * (e^magnitude |d| + direction). Without a direction term
     * ({@code direction} = 0) there is one head.
     *
     * <p>w = t^2 / (t^2 + warmUp^2) at step count t opens the correction over the first steps: at t = warmUp half
     * of it, and the first steps are about Adam's own, whatever the weights. A learned optimizer's first steps are
     * taken before its accumulators know the gradient's scale; on wide networks with linear layers steps ten times
     * Adam's then diverge. warmUp = 0: no warm-up (w = 1).
     */
    record AdamCorrection(double magnitude, double direction,
                          // left out of JSON at 0: files written before it existed keep their bytes and checksums
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) double warmUp) implements StepOutput {
        public AdamCorrection {
            if (!(magnitude > 0 && Double.isFinite(magnitude)))
                throw new IllegalArgumentException("adam-correction magnitude bound must be finite and > 0, got " + magnitude);
            if (!(direction >= 0 && Double.isFinite(direction)))
                throw new IllegalArgumentException("adam-correction direction bound must be finite and >= 0, got " + direction);
            if (!(warmUp >= 0 && Double.isFinite(warmUp)))
                throw new IllegalArgumentException("adam-correction warm-up must be a finite number of steps >= 0, got " + warmUp);
        }

        /** Without a warm-up. */
        public AdamCorrection(double magnitude, double direction) {
            this(magnitude, direction, 0);
        }

        @Override public int heads() { return direction > 0 ? 2 : 1; }

        @Override public boolean readsStepCount() { return warmUp > 0; }

        /**
         * Head 1: tanh, times the bound, exp, times -d (4); head 2: tanh, times the bound, the sum (3); times scale (1);
         * with a warm-up, times w once per head (w itself once per distinct step count, not per coordinate).
         */
        @Override public int flopsPerCoordinate() { return (direction > 0 ? 8 : 5) + (warmUp > 0 ? heads() : 0); }

        @Override public void forward(double scale, Block heads, Block features, Preprocessing.StepEmbedding steps, Block step) {
            boolean f = step.f32;
            long o1 = heads.column(0), d = features.column(0), s = step.address;
            long o2 = direction > 0 ? heads.column(1) : 0;
            Fraction w = new Fraction(steps, features);
            for (int i = 0; i < step.rows; i++) {
                double wi = w.at(i);
                double v = -Raw.get(f, d, i) * Math.exp(magnitude * wi * Math.tanh(Raw.get(f, o1, i)));
                if (direction > 0) v += wi * direction * Math.tanh(Raw.get(f, o2, i));
                Raw.put(f, s, i, scale * v);
            }
        }

        @Override public void backward(double scale, Block heads, Block features, Preprocessing.StepEmbedding steps, Block dStep,
                                       Block dHeads) {
            boolean f = dStep.f32;
            long o1 = heads.column(0), d = features.column(0), in = dStep.address, out1 = dHeads.column(0);
            long o2 = direction > 0 ? heads.column(1) : 0, out2 = direction > 0 ? dHeads.column(1) : 0;
            Fraction w = new Fraction(steps, features);
            for (int i = 0; i < dStep.rows; i++) {
                double g = scale * Raw.get(f, in, i), wi = w.at(i);
                double t1 = Math.tanh(Raw.get(f, o1, i));
                Raw.put(f, out1, i, -g * Raw.get(f, d, i) * Math.exp(magnitude * wi * t1) * magnitude * wi * (1 - t1 * t1));
                if (direction > 0) {
                    double t2 = Math.tanh(Raw.get(f, o2, i));
                    Raw.put(f, out2, i, g * wi * direction * (1 - t2 * t2));
                }
            }
        }

        /** The warm-up's fraction per row, computed again only where the step embedding changes (all rows share one count). */
        private final class Fraction {
            private final Preprocessing.StepEmbedding steps;
            private final boolean f;
            private final long column;
            private double embedding = Double.NaN, value = 1;

            Fraction(Preprocessing.StepEmbedding steps, Block features) {
                if (warmUp > 0 && steps == null)
                    throw new IllegalStateException("an adam-correction with a warm-up needs the step count from the features");
                this.steps = warmUp > 0 ? steps : null;
                f = features.f32;
                column = this.steps == null ? 0 : features.column(steps.column());
            }

            double at(int i) {
                if (steps == null) return 1;
                double e = Raw.get(f, column, i);
                if (e != embedding) {
                    embedding = e;
                    value = steps.warmUp(e, warmUp);
                }
                return value;
            }
        }
    }
}
