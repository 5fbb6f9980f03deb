package org.l2l4j.examples.suite;

import java.util.function.LongConsumer;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.learning.config.IUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one network as a user does: built from its configuration with the updater set there, one
 * {@code fit} call on a DataSetIterator of exactly the task's iterations, then DL4J's evaluation on the
 * held-out data. A run whose loss becomes non-finite, or whose fit throws (a learned updater's
 * NonFiniteGradientException, say), is a diverged run, not an error.
 */
final class Trainer {
    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

    private Trainer() {}

    /** @param progress told of every completed iteration */
    static Run train(Task task, IUpdater updater, long seed, LongConsumer progress) {
        Model net = task.network().build(updater, seed);
        var iterations = new IterationLog(task.iterations(), progress);
        net.setListeners(iterations);
        var data = new Bounded(task.data().train(seed), task.iterations());
        Integer divergedAt = null;
        String failure = null;
        iterations.start();
        long started = System.nanoTime();
        try {
            task.network().fit(net, data);
        } catch (IterationLog.Diverged d) {
            divergedAt = d.iteration;
            failure = d.getMessage();
        } catch (RuntimeException e) {
            divergedAt = iterations.count();
            failure = describe(e);
            log.debug("{} with {} seed {} stopped at iteration {}", task.name(), updater, seed, divergedAt, e);
        }
        double wall = (System.nanoTime() - started) / 1e9;
        if (divergedAt == null && iterations.count() != task.iterations())
            throw new IllegalStateException(task.name() + ": fit ran " + iterations.count() + " of " + task.iterations() + " iterations");
        boolean finished = divergedAt == null;
        double heldOut = finished ? task.metric().evaluate(task.network(), net, task.data().heldOut()) : Double.NaN;
        double norm = finished ? net.params().norm2Number().doubleValue() : Double.NaN;
        double penalty = finished ? task.network().regularizationScore(net) : Double.NaN;
        return new Run(seed, iterations.losses(), iterations.seconds(), wall, iterations.forwardBackwardSeconds(),
                iterations.updaterSeconds(), heldOut, norm, penalty, divergedAt, failure);
    }

    /** The exception and its causes' messages, each once. */
    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
            if (s.indexOf(m) < 0) s.append(s.isEmpty() ? "" : "; ").append(m);
        }
        return s.toString();
    }
}
