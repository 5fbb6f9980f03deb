package org.l2l4j.core.problem;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Runs an optimizer on a batch of problems for a number of steps and records the losses. */
public final class Rollout {
    private Rollout() {}

    public static LossCurve run(ProblemBatch batch, StepRule rule, int steps) {
        return run(batch, rule, steps, null);
    }

    /** As {@link #run(ProblemBatch, StepRule, int)}, and copies the parameters after the last step into {@code last}. */
    public static LossCurve run(ProblemBatch batch, StepRule rule, int steps, INDArray last) {
        INDArray theta = batch.initialParameters();
        INDArray gradient = Nd4j.createUninitialized(theta.dataType(), theta.shape(), 'f');
        INDArray step = Nd4j.createUninitialized(theta.dataType(), theta.shape(), 'f');
        INDArray losses = Nd4j.createUninitialized(theta.dataType(), new long[]{batch.instances(), 1}, 'f');
        double[][] curve = new double[batch.instances()][steps + 1];
        for (int t = 0; ; t++) {
            batch.evaluate(t, theta, losses, gradient);
            double[] l = losses.toDoubleVector();
            for (int k = 0; k < l.length; k++) curve[k][t] = l[k];
            if (t == steps) {
                if (last != null) last.assign(theta);
                break;
            }
            rule.propose(gradient, t, step);
            theta.addi(step);
        }
        return new LossCurve(curve);
    }
}
