package org.l2l4j.examples;

import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import org.l2l4j.core.metatrain.TrainingListener;

/**
 * Shows meta-training on a progress bar: epoch, meta-loss, last validation loss and the best one. Also
 * remembers the first and last reports for the final summary.
 */
final class MetaTrainProgress implements TrainingListener, AutoCloseable {
    private ProgressBar bar;
    private EpochReport first, last;
    private double lastValidation = Double.NaN;

    @Override public void onEpoch(EpochReport r) {
        if (bar == null) {
            // Created at the first report, which tells where a resumed run starts.
            bar = ProgressBars.start("meta-train", r.epochs(), r.epoch() - 1,
                    Duration.ofMillis(Math.round(1000 * r.seconds())));
            first = r;
        }
        last = r;
        if (!Double.isNaN(r.validationLoss())) lastValidation = r.validationLoss();
        bar.stepTo(r.epoch());
        bar.setExtraMessage(message(r));
    }

    private String message(EpochReport r) {
        String validation = Double.isNaN(lastValidation) ? "-" : format(lastValidation);
        String best = Double.isFinite(r.bestValidationLoss())
                ? format(r.bestValidationLoss()) + " @" + r.bestEpoch() : "-";
        return " meta-loss " + format(r.metaLoss()) + "  val " + validation + "  best " + best;
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** The first report of this run, null when no epoch ran (the checkpoint was already complete). */
    EpochReport first() { return first; }

    EpochReport last() { return last; }

    @Override public void close() {
        if (bar != null) bar.close();
    }
}
