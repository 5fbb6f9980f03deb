package org.l2l4j.dl4j;

import java.util.ArrayList;
import java.util.Objects;
import org.l2l4j.core.Seeds;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The examples a {@link NetworkFamily} trains its instances on, by purpose: meta-training instances
 * see {@code metaTraining}, validation and baseline-tuning instances {@code validation}, test instances
 * {@code test}, so a comparison measures optimizers on data the meta-trainer never used.
 */
public record DataSplit(DataSet metaTraining, DataSet validation, DataSet test) {

    public DataSplit {
        Objects.requireNonNull(metaTraining, "metaTraining");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
    }

    /** One data set for every purpose: instances then differ only in initialization and minibatch order. */
    public static DataSplit shared(DataSet all) {
        return new DataSplit(all, all, all);
    }

    /** Each iterator read to its end once and held in memory. */
    public static DataSplit of(DataSetIterator metaTraining, DataSetIterator validation, DataSetIterator test) {
        return new DataSplit(collect(metaTraining), collect(validation), collect(test));
    }

    public DataSet forPurpose(Seeds.Purpose purpose) {
        return switch (purpose) {
            case META_TRAINING -> metaTraining;
            case VALIDATION, TUNING -> validation;
            case TEST -> test;
        };
    }

    /** The smallest of the three, which bounds the minibatch size. */
    int fewestExamples() {
        return Math.min(metaTraining.numExamples(), Math.min(validation.numExamples(), test.numExamples()));
    }

    static DataSet collect(DataSetIterator iterator) {
        var all = new ArrayList<DataSet>();
        iterator.reset();
        while (iterator.hasNext()) all.add(iterator.next());
        if (all.isEmpty()) throw new IllegalArgumentException("the data set iterator gave no examples");
        return DataSet.merge(all);
    }
}
