package org.l2l4j.core.metatrain;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Meta learning rate lr * (floor + (1 - floor) * (1 + cos(pi * epoch / epochs)) / 2): meta-gradients
 * of random problem batches are noisy, and a rate that shrinks toward the end lets the last epochs
 * settle instead of jumping between batches.
 */
record CosineDecay(double initial, int epochs, double floor) implements ISchedule {
    @Override public double valueAt(int iteration, int epoch) {
        double progress = Math.min(1.0, Math.max(0, epoch - 1) / (double) Math.max(1, epochs - 1));
        return initial * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    @Override public ISchedule clone() { return this; }
}
