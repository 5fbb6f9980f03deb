package org.l2l4j.examples.visualize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.l2l4j.core.problem.LossCurve;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.StepRule;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A first, plain run of the learned optimizer along its trajectory, which records how large each
 * coordinate's gradient gets: what the coordinates to show and the range of each sweep are chosen from,
 * before the run that draws the figures (the trajectory is deterministic, so both runs see the same one).
 */
final class GradientSurvey {
    /** Over the gradients the optimizer reads, at steps 0 .. steps - 1. */
    private final double[] sumOfSquares, maxAbs;
    private final int steps;
    private final LossCurve loss;
    private int firstNonFiniteGradient = -1;

    private GradientSurvey(ProblemBatch instance, StepRule learned, int steps) {
        int n = Math.toIntExact(instance.dimension());
        this.sumOfSquares = new double[n];
        this.maxAbs = new double[n];
        this.steps = steps;
        this.loss = Rollout.run(instance, (gradient, t, step) -> {
            observe(gradient, t);
            learned.propose(gradient, t, step);
        }, steps);
    }

    /** @param learned the learned optimizer from zero state, on the instance's coordinates */
    static GradientSurvey run(ProblemBatch instance, StepRule learned, int steps) {
        if (instance.instances() != 1) throw new IllegalArgumentException("one problem instance, got " + instance.instances());
        return new GradientSurvey(instance, learned, steps);
    }

    private void observe(INDArray gradient, int t) {
        double[] g = gradient.toDoubleVector();
        for (int i = 0; i < g.length; i++) {
            if (!Double.isFinite(g[i]) && firstNonFiniteGradient < 0) firstNonFiniteGradient = t;
            sumOfSquares[i] += g[i] * g[i];
            maxAbs[i] = Math.max(maxAbs[i], Math.abs(g[i]));
        }
    }

    /** The loss at steps 0 .. steps of the trajectory. */
    double[] loss() { return loss.losses()[0].clone(); }

    /** The first step whose loss or gradient is not finite, or -1 when the whole trajectory is finite. */
    int firstNonFiniteStep() {
        double[] l = loss.losses()[0];
        for (int t = 0; t < l.length; t++)
            if (!Double.isFinite(l[t]) || t == firstNonFiniteGradient) return t;
        return -1;
    }

    long dimension() { return sumOfSquares.length; }

    /** Root mean square of coordinate i's gradient over the trajectory. */
    double rms(long i) { return Math.sqrt(sumOfSquares[(int) i] / steps); }

    /** The largest |gradient| coordinate i sees along the trajectory. */
    double maxAbs(long i) { return maxAbs[(int) i]; }

    /** The largest |gradient| any coordinate sees. */
    double maxAbs() {
        double max = 0;
        for (double m : maxAbs) max = Math.max(max, m);
        return max;
    }

    /** Coordinates whose gradient is not zero throughout. */
    int activeCoordinates() {
        return (int) IntStream.range(0, maxAbs.length).filter(i -> maxAbs[i] > 0).count();
    }

    /**
     * The documented rule for {@code count} coordinates: order the coordinates whose gradient is ever
     * non-zero by decreasing root-mean-square gradient (ties by index) and take those at ranks
     * round(k * m / count), k = 0 .. count - 1, of the m: the busiest coordinate first, then ones spread evenly
     * down the ranking, so a figure shows a typical coordinate as well as the busiest.
     */
    long[] spread(int count) {
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < maxAbs.length; i++) if (maxAbs[i] > 0) active.add(i);
        int m = active.size();
        if (count < 1 || count > m)
            throw new IllegalArgumentException("cannot choose " + count + " coordinates: " + m + " of the " + maxAbs.length
                    + " have a non-zero gradient along the trajectory");
        active.sort(Comparator.comparingDouble((Integer i) -> -sumOfSquares[i]).thenComparingInt(i -> i));
        long[] chosen = new long[count];
        for (int k = 0; k < count; k++) chosen[k] = active.get((int) Math.round((double) k * m / count));
        return chosen;
    }

    /** Rank of coordinate i in {@link #spread}'s ordering (0 = the largest RMS gradient), or -1 for a coordinate whose gradient stays 0. */
    int rank(long i) {
        if (maxAbs[(int) i] == 0) return -1;
        int rank = 0;
        for (int j = 0; j < maxAbs.length; j++)
            if (maxAbs[j] > 0 && (sumOfSquares[j] > sumOfSquares[(int) i] || (sumOfSquares[j] == sumOfSquares[(int) i] && j < i))) rank++;
        return rank;
    }
}
