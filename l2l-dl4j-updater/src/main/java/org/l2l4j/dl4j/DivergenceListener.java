package org.l2l4j.dl4j;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DL4J {@code TrainingListener} that notices a diverging network by its score: a score that is not finite, or
 * that has grown more than {@code factor} times (default 1000) the mean of the first {@code window} scores (default
 * 3: a learned optimizer can diverge within ten steps). It looks at the score when the gradient has been computed and before any updater runs, so {@link Action#STOP}
 * refuses the step with a {@link TrainingDivergedException} while the network is still as it was; {@link Action#WARN}
 * logs a warning (once per further factor of growth, and once for non-finite scores) and lets training go on.
 *
 * <pre>{@code net.addListeners(new DivergenceListener(DivergenceListener.Action.STOP));}</pre>
 *
 * Learned optimizers diverge in ways hand-designed ones do not (a network unlike those they were meta-trained on,
 * a learning-rate multiplier far from 1), and a {@link LearnedUpdater} sees only gradients: a loss that overflows
 * to infinity with finite gradients reaches no check of its own.
 */
public final class DivergenceListener extends BaseTrainingListener implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(DivergenceListener.class);

    /** What to do about a diverging score. */
    public enum Action {
        /** log a warning and go on */
        WARN,
        /** throw a {@link TrainingDivergedException} before the step's update: the network stays as it was */
        STOP
    }

    private final Action action;
    private final double factor;
    private final GrowthWatch watch;
    private long calls;
    private boolean warnedNonFinite;

    /** Growth by a factor of 1000 over the mean of the first 3 scores. */
    public DivergenceListener(Action action) {
        this(action, 1e3, 3);
    }

    public DivergenceListener(Action action, double factor, int window) {
        this.action = java.util.Objects.requireNonNull(action, "action");
        this.factor = factor;
        this.watch = new GrowthWatch(factor, window);
    }

    @Override public void onGradientCalculation(Model model) {
        double score = model.score();
        long call = calls++;
        if (!Double.isFinite(score)) {
            String what = "the score is " + score + " at minibatch " + call + " of this listener";
            if (action == Action.STOP) throw new TrainingDivergedException(what + "; the step was refused before any "
                    + "parameter or updater state changed.", score, watch.reference());
            if (!warnedNonFinite) log.warn("{}: training has diverged (warned once)", what);
            warnedNonFinite = true;
            return;
        }
        var ratio = watch.observe(score);
        if (ratio.isEmpty()) return;
        String what = String.format(java.util.Locale.ROOT, "the score %.4g at minibatch %d of this listener is %.3g times the "
                + "mean of its first scores (%.4g): training is diverging", score, call, ratio.getAsDouble(), watch.reference());
        if (action == Action.STOP) throw new TrainingDivergedException(what + " (more than " + factor + " times); the step "
                + "was refused before any parameter or updater state changed. Lower the learning rate (for a LearnedUpdater, "
                + "its multiplier) or check the data.", score, watch.reference());
        log.warn("{}. Lower the learning rate (for a LearnedUpdater, its multiplier) or check the data.", what);
    }
}
