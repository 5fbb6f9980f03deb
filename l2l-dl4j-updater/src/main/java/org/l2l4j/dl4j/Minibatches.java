package org.l2l4j.dl4j;

import org.l2l4j.core.problem.MinibatchSchedule;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The minibatch an instance sees at step t, as {@link MinibatchSchedule} chooses it, as a DL4J data set. */
final class Minibatches {
    private Minibatches() {}

    static DataSet at(DataSet data, int size, long seed, int step) {
        int[] rows = MinibatchSchedule.rows(data.numExamples(), size, seed, step);
        return new DataSet(rows(data.getFeatures(), rows), rows(data.getLabels(), rows));
    }

    /** The given examples (first dimension) of an array of any rank. */
    private static INDArray rows(INDArray a, int[] rows) {
        if (a.rank() == 2) return Nd4j.pullRows(a, 1, rows);
        long[] shape = a.shape().clone();
        INDArray flat = a.reshape('c', shape[0], a.length() / shape[0]);
        shape[0] = rows.length;
        return Nd4j.pullRows(flat, 1, rows).reshape('c', shape);
    }
}
