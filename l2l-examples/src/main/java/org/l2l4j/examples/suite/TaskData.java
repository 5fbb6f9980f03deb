package org.l2l4j.examples.suite;

import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Where a task's minibatches come from: a training iterator per seed (the seed may set the minibatch
 * order) and the held-out data the trained network is evaluated on. The suite calls {@code fit} with the
 * training iterator until the task's iterations are done, resetting it at the end of each pass.
 */
public interface TaskData {
    DataSetIterator train(long seed);

    DataSetIterator heldOut();

    /** Recorded in the results: what the data is and how it was split. */
    Map<String, Object> describe();

    /** A user's own iterators; their order is their own, so the seed sets only the initialization. */
    static TaskData of(Supplier<DataSetIterator> train, Supplier<DataSetIterator> heldOut, Map<String, Object> description) {
        return of(seed -> train.get(), heldOut, description);
    }

    static TaskData of(LongFunction<DataSetIterator> train, Supplier<DataSetIterator> heldOut, Map<String, Object> description) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(heldOut, "heldOut");
        Map<String, Object> d = Map.copyOf(description);
        return new TaskData() {
            @Override public DataSetIterator train(long seed) { return train.apply(seed); }

            @Override public DataSetIterator heldOut() { return heldOut.get(); }

            @Override public Map<String, Object> describe() { return d; }
        };
    }
}
