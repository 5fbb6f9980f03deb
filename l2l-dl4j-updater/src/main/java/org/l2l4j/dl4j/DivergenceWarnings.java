package org.l2l4j.dl4j;

import java.util.Locale;
import java.util.OptionalDouble;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.HostMemory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warning a {@link LearnedUpdater} block logs when its gradient or its step explodes relative to the block's
 * first steps (more than 1000 times the mean root-mean-square of its first 3): a divergence shows before it is a
 * NaN. Said once per further factor of 1000 (see {@link GrowthWatch}); computing the two norms is one pass over the
 * block each.
 */
final class DivergenceWarnings {
    private static final Logger log = LoggerFactory.getLogger(LearnedUpdater.class);
    static final double FACTOR = 1e3;
    static final int WINDOW = 3;

    private final String block;
    private final GrowthWatch gradients = new GrowthWatch(FACTOR, WINDOW), steps = new GrowthWatch(FACTOR, WINDOW);
    private double gradientRms;

    DivergenceWarnings(String block) {
        this.block = block;
    }

    /** @param gradient the block's gradient, before the step overwrites it */
    void beforeStep(INDArray gradient) {
        gradientRms = rms(gradient);
    }

    /** @param step the update the optimizer's step made (the step times minus the learning-rate multiplier) */
    void afterStep(INDArray step, int iteration) {
        double stepRms = rms(step);
        OptionalDouble g = gradients.observe(gradientRms), s = steps.observe(stepRms);
        if (g.isEmpty() && s.isEmpty()) return;
        log.warn(message(iteration, stepRms / steps.reference(), gradientRms / gradients.reference()));
    }

    String message(int iteration, double stepRatio, double gradientRatio) {
        return String.format(Locale.ROOT, "LearnedUpdater block %s may be diverging: at iteration %d its update is %.3g times "
                + "and its gradient %.3g times as large (root mean square) as over its first %d steps. Lower the "
                + "learning-rate multiplier (net.setLearningRate), use another updater for these layers, or add a "
                + "DivergenceListener to stop training.", block, iteration, stepRatio, gradientRatio, WINDOW);
    }

    /** By address on plain host memory; by an ND4J reduction elsewhere (a GPU). */
    static double rms(INDArray contiguous) {
        if (!HostMemory.isPlainHost(contiguous)) return contiguous.norm2Number().doubleValue() / Math.sqrt(Math.max(1, contiguous.length()));
        Block b = Block.of(contiguous);
        double sum = 0;
        int n = b.length();
        for (int i = 0; i < n; i++) {
            double v = b.get(i);
            sum += v * v;
        }
        return Math.sqrt(sum / Math.max(1, n));
    }
}
