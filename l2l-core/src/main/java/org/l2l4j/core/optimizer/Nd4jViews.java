package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.HostMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Views and scratch for the ND4J-operations kernel. Every view is made once, when a deployment is bound, and
 * checked to be a view: a reshape that quietly copied would leave the state unwritten.
 */
final class Nd4jViews {
    private Nd4jViews() {}

    /** Columns [from, from + count) of a column-major matrix: a contiguous block of planes. */
    static INDArray columns(INDArray a, long from, long count) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + count));
    }

    /** Rows [from, from + count): one parameter set's coordinates, its columns a whole plane apart. */
    static INDArray rows(INDArray a, long from, long count) {
        return a.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all());
    }

    /** A contiguous column-major array seen as rows x cols, column-major, sharing its memory. */
    static INDArray reshaped(INDArray a, long rows, long cols) {
        INDArray r = a.reshape('f', rows, cols);
        if (!HostMemory.sameStart(r, a) || r.elementWiseStride() != 1)
            throw new IllegalStateException("reshaping " + a.shapeInfoToString() + " to " + rows + " x " + cols + " copied it");
        return r;
    }

    /** Uninitialized column-major scratch, rows x cols. */
    static INDArray scratch(long rows, long cols, DataType type) {
        return Nd4j.createUninitialized(type, new long[]{rows, cols}, 'f');
    }
}
