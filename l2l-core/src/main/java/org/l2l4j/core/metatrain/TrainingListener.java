package org.l2l4j.core.metatrain;

/** Receives meta-training progress, one report per epoch. */
@FunctionalInterface
public interface TrainingListener {

    void onEpoch(EpochReport report);

    TrainingListener NONE = report -> {};

    /**
     * @param epoch               1-based epoch just finished
     * @param epochs              epochs configured
     * @param metaLoss            mean meta-loss per step over this epoch's truncations
     * @param finalLoss           mean loss of this epoch's problems after the horizon
     * @param validationLoss      mean final loss on the validation set, NaN when not validated this epoch
     * @param bestValidationLoss  best validation loss so far
     * @param bestEpoch           the epoch that reached it
     * @param seconds             wall-clock seconds since the run started (resumed runs included)
     * @param optimizeeStepsPerSecond optimizee steps (one step of every problem in the batch) per second of
     *                                meta-training, validation excluded
     * @param networkShare        share of the time spent in the optimizer network (forward and backward)
     */
    record EpochReport(int epoch, int epochs, double metaLoss, double finalLoss, double validationLoss,
                       double bestValidationLoss, int bestEpoch, double seconds, double optimizeeStepsPerSecond,
                       double networkShare) {}
}
