package org.l2l4j.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Time per step of DL4J updaters on one block of n FLOAT parameters, as a network's fit calls them
 * ({@code applyUpdater} on the gradient view, in place). Every updater gets the same gradient, copied in
 * before each step (so no update feeds the next); that copy is timed on its own and taken off. Rounds
 * alternate between the updaters, so a load that comes and goes touches them alike, and each updater's
 * time is the median over the rounds.
 */
final class UpdaterTiming {
    private UpdaterTiming() {}

    /** @return milliseconds per step, one per updater, in the order given */
    static double[] millisPerStep(List<IUpdater> updaters, int n, int steps, int rounds, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray source = Nd4j.randn(DataType.FLOAT, 1, n).muli(1e-3);
        INDArray gradient = source.dup();
        List<GradientUpdater<?>> instances = new ArrayList<>();
        for (IUpdater u : updaters) {
            long size = u.stateSize(n);
            instances.add(u.instantiate(size == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, size), true));
        }
        double[][] perRound = new double[instances.size() + 1][rounds];
        int iteration = 0;
        for (int r = -1; r < rounds; r++) {   // round -1 warms up
            for (int k = 0; k <= instances.size(); k++) {
                GradientUpdater<?> u = k < instances.size() ? instances.get(k) : null;
                long t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    gradient.assign(source);
                    if (u != null) u.applyUpdater(gradient, iteration + s, 0);
                }
                if (r >= 0) perRound[k][r] = (System.nanoTime() - t0) / 1e6 / steps;
            }
            iteration += steps;
        }
        double copy = median(perRound[instances.size()]);
        double[] ms = new double[instances.size()];
        for (int k = 0; k < ms.length; k++) ms[k] = Math.max(median(perRound[k]) - copy, 0);
        return ms;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
