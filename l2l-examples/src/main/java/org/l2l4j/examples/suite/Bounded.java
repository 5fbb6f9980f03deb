package org.l2l4j.examples.suite;

import java.util.List;
import java.util.NoSuchElementException;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Exactly {@code iterations} minibatches of a training iterator, starting a new pass (reset) whenever it
 * runs out, so that one {@code fit} call trains for a fixed number of iterations whatever the size of an
 * epoch. Not resettable itself, and not asynchronous: DL4J must not prefetch past the last iteration.
 */
final class Bounded implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final DataSetIterator inner;
    private final int iterations;
    private int served;

    Bounded(DataSetIterator inner, int iterations) {
        if (iterations < 1) throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        this.inner = inner;
        this.iterations = iterations;
    }

    @Override public boolean hasNext() {
        if (served >= iterations) return false;
        if (inner.hasNext()) return true;
        if (!inner.resetSupported())
            throw new IllegalStateException("the training iterator ran out after " + served + " of " + iterations
                    + " minibatches and cannot be reset for another pass");
        inner.reset();
        if (!inner.hasNext()) throw new IllegalStateException("the training iterator yields no minibatch");
        return true;
    }

    @Override public DataSet next() {
        if (!hasNext()) throw new NoSuchElementException("all " + iterations + " minibatches served");
        served++;
        return inner.next();
    }

    @Override public DataSet next(int num) { return next(); }

    @Override public int inputColumns() { return inner.inputColumns(); }

    @Override public int totalOutcomes() { return inner.totalOutcomes(); }

    @Override public boolean resetSupported() { return false; }

    @Override public boolean asyncSupported() { return false; }

    @Override public void reset() {
        throw new UnsupportedOperationException("a fixed number of iterations is served once");
    }

    @Override public int batch() { return inner.batch(); }

    @Override public void setPreProcessor(DataSetPreProcessor preProcessor) { inner.setPreProcessor(preProcessor); }

    @Override public DataSetPreProcessor getPreProcessor() { return inner.getPreProcessor(); }

    @Override public List<String> getLabels() { return inner.getLabels(); }
}
