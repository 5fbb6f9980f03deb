package org.l2l4j.examples.visualize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.baseline.BaselineRule;
import org.l2l4j.core.problem.StepRule;
import org.l2l4j.examples.tuning.Progress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learned optimizer as a {@link StepRule} that also records, for chosen coordinates, the gradient it
 * reads, the step it takes and what each baseline would propose from the same gradient, the baselines'
 * state advanced along this trajectory but their steps never taken (the paper's Figure 9); and, before the
 * step at chosen steps t, the sweeps of Figure 10: for each value of one coordinate's gradient (the other
 * coordinates keeping theirs), what every optimizer would propose from its state at t.
 *
 * <p>A sweep works on copies only, made once and refilled at every point: the learned optimizer's state
 * planes, each baseline's state and the gradient. So the trajectory is the one a plain rollout of the
 * learned optimizer follows. The whole step is recomputed for each point, which is exact for every
 * architecture: with global averaging cells the swept value enters the averages over the instance's
 * coordinates, and with a memory it enters the writes and the read, as it would have had that gradient
 * been observed.
 */
final class ProposalRecorder implements StepRule {
    private final long[] coordinates;
    private final int steps;
    private final List<Integer> sweepSteps;
    private final double[][] grids;   // per coordinate: the swept gradient values, before the observed one is added
    private final Progress progress;
    private final long unitsPerSweep;

    private final INDArray planes, probePlanes;
    private final TrainedOptimizer.Deployment learned, probe;
    private final List<BaselineRule> baselines, baselineProbes;
    private final INDArray proposal, sweptGradient, sweptProposal;

    /** [coordinate][step] */
    private final double[][] gradient;
    /** [coordinate][optimizer: learned, then baselines][step] */
    private final double[][][] updates;
    /** [coordinate] sweeps in the order of the sweep steps */
    private final List<List<Sweep>> sweeps = new ArrayList<>();

    /**
     * One sweep: the gradient values tried (sorted, the observed one among them at {@code observedIndex}) and
     * every optimizer's proposal for each (learned first, then the baselines).
     */
    record Sweep(int step, double[] gradient, int observedIndex, double[][] updates) {}

    /**
     * @param baselines  each baseline's rule from fresh state, and a second rule of the same setting for the probes
     * @param grids      per coordinate, the gradient values to sweep, in increasing order
     */
    ProposalRecorder(TrainedOptimizer optimizer, long n, DataType type, List<BaselineRule[]> baselines, long[] coordinates,
                     int steps, int[] sweepSteps, double[][] grids, Progress progress) {
        this.coordinates = coordinates.clone();
        this.steps = steps;
        this.sweepSteps = Arrays.stream(sweepSteps).boxed().toList();
        // in the arithmetic's type, as the gradient array will hold them
        this.grids = Arrays.stream(grids).map(v -> Arrays.stream(Nd4j.createFromArray(v).castTo(type).toDoubleVector())
                .distinct().toArray()).toArray(double[][]::new);
        this.progress = progress;
        this.unitsPerSweep = grids.length == 0 ? 0 : grids[0].length + 1;   // as announced: the grid and the observed value
        planes = Nd4j.zeros(type, n, optimizer.statePlanes()).dup('f');
        probePlanes = planes.dup('f');
        learned = optimizer.deploy(planes);
        probe = optimizer.deploy(probePlanes);
        this.baselines = baselines.stream().map(b -> b[0]).toList();
        this.baselineProbes = baselines.stream().map(b -> b[1]).toList();
        proposal = Nd4j.createUninitialized(type, new long[]{n, 1}, 'f');
        sweptGradient = Nd4j.createUninitialized(type, new long[]{n, 1}, 'f');
        sweptProposal = Nd4j.createUninitialized(type, new long[]{n, 1}, 'f');
        gradient = new double[coordinates.length][steps];
        updates = new double[coordinates.length][1 + baselines.size()][steps];
        for (long ignored : coordinates) sweeps.add(new ArrayList<>());
    }

    @Override public void propose(INDArray g, int t, INDArray step) {
        if (t >= steps) throw new IllegalStateException("recording " + steps + " steps, asked for step " + t);
        // the sweeps first: they read the state as it is before step t
        if (sweepSteps.contains(t)) for (int i = 0; i < coordinates.length; i++) sweeps.get(i).add(sweep(i, g, t));
        learned.step(g, step);
        for (int i = 0; i < coordinates.length; i++) {
            gradient[i][t] = g.getDouble(coordinates[i]);
            updates[i][0][t] = step.getDouble(coordinates[i]);
        }
        for (int b = 0; b < baselines.size(); b++) {
            baselines.get(b).propose(g, t, proposal);
            for (int i = 0; i < coordinates.length; i++) updates[i][1 + b][t] = proposal.getDouble(coordinates[i]);
        }
        progress.advance(1);
    }

    private Sweep sweep(int i, INDArray g, int t) {
        long c = coordinates[i];
        double observed = g.getDouble(c);
        double[] values = withObserved(grids[i], observed);
        double[][] curves = new double[1 + baselines.size()][values.length];
        sweptGradient.assign(g);
        for (int j = 0; j < values.length; j++) {
            sweptGradient.putScalar(c, values[j]);
            probePlanes.assign(planes);
            probe.step(sweptGradient, sweptProposal);
            curves[0][j] = sweptProposal.getDouble(c);
            for (int b = 0; b < baselines.size(); b++) {
                baselineProbes.get(b).copyStateFrom(baselines.get(b));
                baselineProbes.get(b).propose(sweptGradient, t, sweptProposal);
                curves[1 + b][j] = sweptProposal.getDouble(c);
            }
        }
        progress.advance(unitsPerSweep);
        return new Sweep(t, values, Arrays.binarySearch(values, observed), curves);
    }

    /** The grid with the observed value inserted in order (once, if the grid has it already). */
    static double[] withObserved(double[] grid, double observed) {
        int at = Arrays.binarySearch(grid, observed);
        if (at >= 0) return grid.clone();
        int insert = -at - 1;
        double[] values = new double[grid.length + 1];
        System.arraycopy(grid, 0, values, 0, insert);
        values[insert] = observed;
        System.arraycopy(grid, insert, values, insert + 1, grid.length - insert);
        return values;
    }

    /** The gradient read at each step, per coordinate. */
    double[][] gradients() { return gradient; }

    /** Per coordinate, per optimizer (learned first), the proposal at each step. */
    double[][][] updates() { return updates; }

    /** Per coordinate, the sweeps in step order. */
    List<List<Sweep>> sweeps() { return sweeps; }
}
