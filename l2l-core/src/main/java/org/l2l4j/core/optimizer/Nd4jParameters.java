package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.HostMemory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The meta-parameters phi as ND4J views of their flat vector, in {@link LstmParameters}' layout (per layer Wx,
 * Wh, b; then Wo, bo; then Ws), for {@link Nd4jLstmStep}: ordinary arrays, where {@link LstmParameters} holds
 * host addresses. Matrices are column-major; b and bo are 1 x columns rows, ready to broadcast.
 */
final class Nd4jParameters {
    final INDArray[] wx, wh, b;
    final INDArray wo, bo;
    /** The linear path from the inputs to the output, or null. */
    final INDArray ws;
    private final INDArray flat;
    private long offset;

    Nd4jParameters(LstmArchitecture arch, INDArray flat) {
        if (flat.length() != arch.parameterCount())
            throw new IllegalArgumentException("architecture " + arch + " has " + arch.parameterCount() + " parameters, got "
                    + flat.length());
        this.flat = flat.reshape(flat.length());
        if (!HostMemory.sameStart(this.flat, flat) || this.flat.elementWiseStride() != 1)
            throw new IllegalArgumentException("meta-parameters must be one contiguous vector, got " + flat.shapeInfoToString());
        int h = arch.hidden(), layers = arch.layers();
        wx = new INDArray[layers];
        wh = new INDArray[layers];
        b = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            wx[l] = next(arch.inputSize(l), 4 * h);
            wh[l] = next(h, 4 * h);
            b[l] = next(1, 4 * h);
        }
        wo = next(h, arch.outputs());
        bo = next(1, arch.outputs());
        ws = arch.inputSkip() ? next(arch.preprocessing().inputSize(), arch.skipOutputs()) : null;
    }

    private INDArray next(int rows, int cols) {
        INDArray run = flat.get(NDArrayIndex.interval(offset, offset + (long) rows * cols));
        INDArray block = run.reshape('f', rows, cols);
        if (!HostMemory.sameStart(block, run)) throw new IllegalStateException("a parameter block became a copy");
        offset += (long) rows * cols;
        return block;
    }
}
