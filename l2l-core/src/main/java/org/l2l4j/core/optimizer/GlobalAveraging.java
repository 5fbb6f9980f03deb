package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;

/**
 * The global averaging cells of LSTM+GAC (paper section 2.2): the activations of a few cells replaced
 * by their mean over the coordinates of each parameter set. Per-coordinate blocks hold consecutive sets
 * of {@code setSize} rows (one set per problem instance when meta-training, the updater block in DL4J).
 * The means are {@link SetSums}: chunks sum their rows, the sums are combined in row order, chunks write
 * the means, so the pooled step gives the same values on any number of threads.
 *
 * <p>Averaging over a set is a symmetric projection, so the backward pass is the same operation applied
 * to the incoming gradient: d/dh_raw = mean over the set of d/dh_averaged.
 */
final class GlobalAveraging {
    private GlobalAveraging() {}

    /** Replaces every value of {@code columns} (all n rows) by the mean of its column over its set, in place, on this thread. */
    static void average(Block columns, long setSize) {
        var chunks = Chunks.of(columns.rows);
        var sums = new SetSums(chunks, setSize, columns.cols);
        for (int c = 0; c < chunks.count(); c++) sums.sumColumns(columns, c);
        sums.reduce();
        for (int c = 0; c < chunks.count(); c++) sums.writeMeans(columns, c);
    }

    /** The averaged columns of a layer's n x H block: its last {@code globalCells} units. */
    static Block cells(Block layer, int globalCells) {
        return layer.columns(layer.cols - globalCells, globalCells);
    }
}
