package org.l2l4j.examples.suite;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A task's data held in memory: training minibatches in a seeded order ({@link ShuffledBatches}) and the
 * held-out examples in theirs.
 */
public record InMemoryData(DataSet trainExamples, DataSet heldOutExamples, int batchSize, Map<String, Object> source) implements TaskData {
    static final int HELD_OUT_BATCH = 500;

    public InMemoryData {
        if (batchSize < 1) throw new IllegalArgumentException("minibatch size must be >= 1, got " + batchSize);
        if (trainExamples.numExamples() < batchSize)
            throw new IllegalArgumentException("a minibatch of " + batchSize + " needs at least that many training examples, got "
                    + trainExamples.numExamples());
        if (heldOutExamples.numExamples() < 1) throw new IllegalArgumentException("no held-out examples");
        source = Map.copyOf(source);
    }

    @Override public DataSetIterator train(long seed) { return new ShuffledBatches(trainExamples, batchSize, seed, true); }

    @Override public DataSetIterator heldOut() { return new ShuffledBatches(heldOutExamples, HELD_OUT_BATCH, 0, false); }

    @Override public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>(new java.util.TreeMap<>(source));
        d.put("trainExamples", trainExamples.numExamples());
        d.put("heldOutExamples", heldOutExamples.numExamples());
        d.put("minibatch", batchSize);
        d.put("order", "each pass a fresh permutation of the training examples, seeded by the run's seed");
        return d;
    }
}
