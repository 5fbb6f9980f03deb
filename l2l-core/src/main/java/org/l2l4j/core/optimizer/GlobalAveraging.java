package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.Raw;

/**
 * The global averaging cells of LSTM+GAC (paper section 2.2): the activations of a few cells replaced
 * by their mean over the coordinates of each parameter set. Per-coordinate blocks hold consecutive sets
 * of {@code setSize} rows (one set per problem instance when meta-training, the updater block in DL4J).
 *
 * <p>Averaging over a set is a symmetric projection, so the backward pass is the same operation applied
 * to the incoming gradient: d/dh_raw = mean over the set of d/dh_averaged.
 */
final class GlobalAveraging {
    private GlobalAveraging() {}

    /** Replaces every value of {@code columns} by the mean of its column over its set, in place. */
    static void average(Block columns, long setSize) {
        int n = columns.rows;
        if (setSize < 1 || n % setSize != 0)
            throw new IllegalArgumentException(n + " coordinates do not split into parameter sets of " + setSize);
        boolean f = columns.f32;
        for (int j = 0; j < columns.cols; j++) {
            long col = columns.column(j);
            for (long start = 0; start < n; start += setSize) {
                double sum = 0;
                for (long i = start; i < start + setSize; i++) sum += Raw.get(f, col, i);
                double mean = sum / setSize;
                for (long i = start; i < start + setSize; i++) Raw.put(f, col, i, mean);
            }
        }
    }
}
