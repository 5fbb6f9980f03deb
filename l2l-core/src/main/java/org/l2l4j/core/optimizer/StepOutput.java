package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.Raw;
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

    /** Writes the step (n x 1) from the heads (n x heads) and the features (n x I). */
    void forward(double scale, Block heads, Block features, Block step);

    /** dL/d heads (n x heads, written over {@code dHeads}) from dL/d step (n x 1), at the recorded heads and features. */
    void backward(double scale, Block heads, Block features, Block dStep, Block dHeads);

    /**
     * A nominal Adam step and a bounded learned correction (Harrison et al. 2022, "A closer look at learned
     * optimization": the nominal term keeps the learned optimizer stable far past its training horizon):
     * <pre>step = scale * (-d * exp(magnitude * tanh(o1)) + direction * tanh(o2))</pre>
     * with d Adam's direction (feature 0 of a preprocessing that {@link Preprocessing#leadsWithAdamDirection
     * leads with it}). With the heads at zero (zero output weights, the untrained optimizer) this is Adam at
     * learning rate {@code scale}; the learned part can scale Adam's step per coordinate by a factor in
     * [e^-magnitude, e^magnitude] and add a step of at most {@code direction * scale} in any direction, so no
     * weights can make a step larger than scale * (e^magnitude |d| + direction). Without a direction term
     * ({@code direction} = 0) there is one head.
     */
    record AdamCorrection(double magnitude, double direction) implements StepOutput {
        public AdamCorrection {
            if (!(magnitude > 0 && Double.isFinite(magnitude)))
                throw new IllegalArgumentException("adam-correction magnitude bound must be finite and > 0, got " + magnitude);
            if (!(direction >= 0 && Double.isFinite(direction)))
                throw new IllegalArgumentException("adam-correction direction bound must be finite and >= 0, got " + direction);
        }

        @Override public int heads() { return direction > 0 ? 2 : 1; }

        @Override public void forward(double scale, Block heads, Block features, Block step) {
            boolean f = step.f32;
            long o1 = heads.column(0), d = features.column(0), s = step.address;
            long o2 = direction > 0 ? heads.column(1) : 0;
            for (int i = 0; i < step.rows; i++) {
                double v = -Raw.get(f, d, i) * Math.exp(magnitude * Math.tanh(Raw.get(f, o1, i)));
                if (direction > 0) v += direction * Math.tanh(Raw.get(f, o2, i));
                Raw.put(f, s, i, scale * v);
            }
        }

        @Override public void backward(double scale, Block heads, Block features, Block dStep, Block dHeads) {
            boolean f = dStep.f32;
            long o1 = heads.column(0), d = features.column(0), in = dStep.address, out1 = dHeads.column(0);
            long o2 = direction > 0 ? heads.column(1) : 0, out2 = direction > 0 ? dHeads.column(1) : 0;
            for (int i = 0; i < dStep.rows; i++) {
                double g = scale * Raw.get(f, in, i);
                double t1 = Math.tanh(Raw.get(f, o1, i));
                Raw.put(f, out1, i, -g * Raw.get(f, d, i) * Math.exp(magnitude * t1) * magnitude * (1 - t1 * t1));
                if (direction > 0) {
                    double t2 = Math.tanh(Raw.get(f, o2, i));
                    Raw.put(f, out2, i, g * direction * (1 - t2 * t2));
                }
            }
        }
    }
}
