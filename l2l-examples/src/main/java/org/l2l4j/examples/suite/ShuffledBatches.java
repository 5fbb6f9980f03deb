package org.l2l4j.examples.suite;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of an in-memory data set, in an order set by a seed: each pass (epoch) is a fresh
 * permutation of the examples, cut into full minibatches (the few examples left over wait for another
 * pass). {@link #reset} starts the next pass. Arrays of any rank are cut along their first dimension.
 */
final class ShuffledBatches implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final INDArray features, labels;
    private final int batch;
    private final long seed;
    private final boolean shuffle;
    private int[] order;
    private int pass, position;
    private DataSetPreProcessor preProcessor;

    /** @param shuffle false: the examples in their order, the last minibatch possibly smaller (held-out data) */
    ShuffledBatches(DataSet data, int batch, long seed, boolean shuffle) {
        if (batch < 1) throw new IllegalArgumentException("minibatch size must be >= 1, got " + batch);
        int n = data.numExamples();
        if (shuffle && n < batch)
            throw new IllegalArgumentException("a minibatch of " + batch + " needs at least that many examples, got " + n);
        this.features = data.getFeatures();
        this.labels = data.getLabels();
        this.batch = batch;
        this.seed = seed;
        this.shuffle = shuffle;
        startPass();
    }

    private void startPass() {
        int n = (int) features.size(0);
        order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (shuffle) {
            var rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + pass);
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        position = 0;
    }

    @Override public boolean hasNext() {
        return shuffle ? position + batch <= order.length : position < order.length;
    }

    @Override public DataSet next() { return next(batch); }

    @Override public DataSet next(int num) {
        if (!hasNext()) throw new NoSuchElementException("this pass over the data is done; reset() starts the next");
        int size = Math.min(num, order.length - position);
        int[] rows = java.util.Arrays.copyOfRange(order, position, position + size);
        position += size;
        DataSet ds;
        try (var ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            ds = new DataSet(rows(features, rows), rows(labels, rows));
        }
        if (preProcessor != null) preProcessor.preProcess(ds);
        return ds;
    }

    /** The given examples of an array of any rank, as a new array. */
    private static INDArray rows(INDArray a, int[] rows) {
        long[] shape = a.shape().clone();
        INDArray flat = a.reshape('c', shape[0], a.length() / shape[0]);
        shape[0] = rows.length;
        return flat.getRows(rows).reshape('c', shape);
    }

    @Override public int inputColumns() { return (int) (features.length() / features.size(0)); }

    @Override public int totalOutcomes() { return (int) (labels.length() / labels.size(0)); }

    @Override public boolean resetSupported() { return true; }

    /** Prefetching threads would only add noise to the timings; the data is in memory. */
    @Override public boolean asyncSupported() { return false; }

    @Override public void reset() {
        pass++;
        startPass();
    }

    @Override public int batch() { return batch; }

    @Override public void setPreProcessor(DataSetPreProcessor preProcessor) { this.preProcessor = preProcessor; }

    @Override public DataSetPreProcessor getPreProcessor() { return preProcessor; }

    @Override public List<String> getLabels() { return null; }
}
