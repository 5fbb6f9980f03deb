package org.l2l4j.examples.suite;

import java.util.Arrays;
import java.util.function.LongConsumer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Records each iteration of a {@code fit}: the minibatch loss DL4J reports ({@code model.score()}, computed
 * in the forward pass before the update) and three clock readings. DL4J 1.0.0-M2.1's
 * StochasticGradientDescent calls {@code onGradientCalculation} once backpropagation has produced the
 * gradient and before the updater runs, and {@code iterationDone} after {@code params -= update}; so
 * <ul>
 * <li>updater time = iterationDone - onGradientCalculation: gradient normalization, L1/L2, the updater
 *     ({@code applyUpdater} of every block), weight decay and the subtraction from the parameters;</li>
 * <li>forward+backward time = onGradientCalculation - the previous iterationDone (the start of fit for the
 *     first): fetching the minibatch, the forward pass, the loss and backpropagation.</li>
 * </ul>
 * A non-finite loss stops the fit with {@link Diverged}: a diverged run goes nowhere.
 */
final class IterationLog extends BaseTrainingListener {
    private final double[] loss;
    private final long[] elapsed;
    private long start, last, gradientAt, updater, forwardBackward;
    private int count;
    private final LongConsumer progress;

    /** @param progress told of every completed iteration (with 1), for a progress bar */
    IterationLog(int iterations, LongConsumer progress) {
        loss = new double[iterations];
        elapsed = new long[iterations];
        this.progress = progress;
    }

    /** The loss became NaN or infinite at {@code iteration} (0-based). */
    static final class Diverged extends RuntimeException {
        final int iteration;

        Diverged(int iteration, double loss) {
            super("the training loss became " + loss + " at iteration " + iteration, null, false, false);
            this.iteration = iteration;
        }
    }

    void start() {
        start = System.nanoTime();
        last = start;
    }

    @Override public void onGradientCalculation(Model model) {
        gradientAt = System.nanoTime();
        forwardBackward += gradientAt - last;
    }

    @Override public void iterationDone(Model model, int iteration, int epoch) {
        long now = System.nanoTime();
        updater += now - gradientAt;
        last = now;
        if (count == loss.length) throw new IllegalStateException("more iterations than the " + loss.length + " asked for");
        double score = model.score();
        loss[count] = score;
        elapsed[count] = now - start;
        count++;
        progress.accept(1);
        if (!Double.isFinite(score)) throw new Diverged(count - 1, score);
    }

    /** Iterations completed. */
    int count() { return count; }

    double[] losses() { return Arrays.copyOf(loss, count); }

    /** Seconds since {@link #start} at the end of each completed iteration. */
    double[] seconds() {
        return Arrays.stream(elapsed, 0, count).mapToDouble(t -> t / 1e9).toArray();
    }

    double updaterSeconds() { return updater / 1e9; }

    double forwardBackwardSeconds() { return forwardBackward / 1e9; }
}
