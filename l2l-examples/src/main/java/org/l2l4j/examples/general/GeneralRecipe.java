package org.l2l4j.examples.general;

import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.optimizer.StepOutput;
import org.nd4j.linalg.api.buffer.DataType;

/** The meta-training recipe of zoo:general, the generalist optimizer. */
public final class GeneralRecipe {
    private GeneralRecipe() {}

    /** Adam's learning rate the optimizer corrects: DL4J's default, so the untrained optimizer is what a user gets by default. */
    public static final double NOMINAL_LEARNING_RATE = 1e-3;

    /**
     * How far the correction may scale Adam's step: e^-S to e^S, here 0.05 to 20. It lets zoo:general take its first
     * steps at about ten times Adam's size, which wide networks with linear layers do not survive (docs/general.md);
     * {@code meta-train --problem general --correction 1.5,1} meta-trains the same recipe with a range of 0.22 to 4.5,
     * and {@code --correction 3,1,10} with this range opening over the first steps (half of it at step 10: {@link
     * org.l2l4j.core.optimizer.StepOutput.AdamCorrection}'s warm-up), so that the first steps are about Adam's.
     */
    public static final double CORRECTION_RANGE = 3;

    /**
     * A coordinatewise 2 x 10 LSTM with an input path, on adam-timescales inputs, correcting Adam at 1e-3: step =
     * 1e-3 (-d exp(S tanh o1) + tanh o2), S = {@link #CORRECTION_RANGE}, so it can scale Adam's step by e^-S to e^S per
     * coordinate and add at most 1e-3; zero output weights at the start, so meta-training starts from Adam. Truncations of 25 steps,
     * horizons log-uniform in 100..2,000 (the longest rising over the first 80 of 200 epochs), the log-loss objective, Adam
     * at 1e-3 on phi with cosine decay, 4 tasks per epoch (two shards of 2, fewer of large networks), validated
     * every 10 epochs on {@link GeneralTasks#validation} (relative to Adam at 1e-3).
     */
    public static MetaTrainingConfig metaTrainingDefaults() {
        var arch = new LstmArchitecture(2, 10, Preprocessing.AdamTimescales.standard(), NOMINAL_LEARNING_RATE, true, 0, null,
                new StepOutput.AdamCorrection(CORRECTION_RANGE, 1));
        return new MetaTrainingConfig(arch, 200, 4, 1000, 25, 1e-3, MetaTrainingConfig.Schedule.COSINE, 0, MetaObjective.LOG,
                2, 10, 1.0, 0.0, 1, DataType.FLOAT, new MetaTrainingConfig.Horizons(100, 2000, 80));
    }
}
