package org.l2l4j.core.optimizer;

import static org.l2l4j.core.optimizer.Nd4jViews.columns;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A {@link StepOutput} as ND4J operations over all coordinates at once, bound to the heads and features of an
 * {@link Nd4jLstmStep}: the same step as the output's host loop, on any ND4J backend.
 */
interface Nd4jStepOutput {

    /** Writes step (n x 1) = the output's step from the heads and features bound, at {@code scale}. */
    void step(double scale, INDArray step);

    static Nd4jStepOutput bind(StepOutput output, INDArray heads, INDArray features, Preprocessing.StepEmbedding steps) {
        if (output instanceof StepOutput.AdamCorrection c) return new AdamCorrection(c, heads, features, steps);
        throw new IllegalArgumentException("no ND4J-operations form of the output " + output);
    }

    /**
     * scale * (-d exp(magnitude w tanh o1) + w direction tanh o2), d Adam's direction (feature 0), w the warm-up's
     * fraction (1 without one).
     */
    final class AdamCorrection implements Nd4jStepOutput {
        private final double magnitude, direction, warmUp;
        private final Preprocessing.StepEmbedding steps;
        private final INDArray o1, o2, adamDirection, correction, embedding, fraction, rest;

        AdamCorrection(StepOutput.AdamCorrection c, INDArray heads, INDArray features, Preprocessing.StepEmbedding steps) {
            magnitude = c.magnitude();
            direction = c.direction();
            warmUp = c.warmUp();
            this.steps = steps;
            o1 = columns(heads, 0, 1);
            o2 = direction > 0 ? columns(heads, 1, 1) : null;
            adamDirection = columns(features, 0, 1);
            long n = heads.size(0);
            DataType type = heads.dataType();
            correction = direction > 0 ? Nd4jViews.scratch(n, 1, type) : null;
            if (c.readsStepCount() && steps == null)
                throw new IllegalStateException("an adam-correction with a warm-up needs the step count from the features");
            embedding = c.readsStepCount() ? columns(features, steps.column(), 1) : null;
            fraction = embedding == null ? null : Nd4jViews.scratch(n, 1, type);
            rest = embedding == null ? null : Nd4jViews.scratch(n, 1, type);
        }

        /** w = a / (a + warmUp^2 (1 - e)), a = scale^2 (1 + e), e the step embedding ({@link Preprocessing.StepEmbedding#warmUp}). */
        private void warmUpFraction() {
            fraction.assign(embedding).addi(1).muli(steps.scale() * steps.scale());
            rest.assign(embedding).rsubi(1).muli(warmUp * warmUp).addi(fraction);
            fraction.divi(rest);
        }

        @Override
        public void step(double scale, INDArray step) {
            if (fraction != null) warmUpFraction();
            step.assign(o1);
            Transforms.tanh(step, false);
            step.muli(magnitude);
            if (fraction != null) step.muli(fraction);
            Transforms.exp(step, false);
            Nd4j.exec(new MulOp(step, adamDirection, step));
            step.negi();                                      // -d exp(magnitude tanh o1)
            if (direction > 0) {
                correction.assign(o2);
                Transforms.tanh(correction, false);
                correction.muli(direction);
                if (fraction != null) correction.muli(fraction);
                step.addi(correction);                        // + w direction tanh o2
            }
            step.muli(scale);
        }
    }
}
