package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Named blocks of one flat vector of meta-parameters phi (or of their gradient), so that the
 * meta-optimizer sees a single vector and the kernels see matrices. Layout, per layer:
 * Wx (in x 4H), Wh (H x 4H), b (1 x 4H), all column-major; then Wo (H x outputs) and bo (1 x outputs),
 * output 0 the step and the others the memory's heads, if any; then, with an input skip, Ws
 * (preprocessed features x the outputs it reaches).
 * Gate order inside 4H: input, forget, cell candidate, output.
 */
public final class LstmParameters {
    final INDArray flat;
    final Block[] wx, wh, b;
    final Block wo, bo;
    /** The linear path from the inputs to the output, or null. */
    final Block ws;

    public LstmParameters(LstmArchitecture arch, INDArray flat) {
        if (flat.length() != arch.parameterCount())
            throw new IllegalArgumentException("an LSTM " + arch.layers() + "x" + arch.hidden() + " with "
                    + arch.preprocessing().inputSize() + " inputs has " + arch.parameterCount()
                    + " parameters, got " + flat.length());
        if (flat.elementWiseStride() != 1) throw new IllegalArgumentException("meta-parameters must be contiguous");
        this.flat = flat;
        int h = arch.hidden();
        int layers = arch.layers();
        wx = new Block[layers];
        wh = new Block[layers];
        b = new Block[layers];
        long[] offset = {0};
        for (int l = 0; l < layers; l++) {
            wx[l] = next(offset, arch.inputSize(l), 4 * h);
            wh[l] = next(offset, h, 4 * h);
            b[l] = next(offset, 1, 4 * h);
        }
        wo = next(offset, h, arch.outputs());
        bo = next(offset, 1, arch.outputs());
        ws = arch.inputSkip() ? next(offset, arch.preprocessing().inputSize(), arch.skipOutputs()) : null;
    }

    public DataType dataType() { return flat.dataType(); }

    private Block next(long[] offset, int rows, int cols) {
        Block block = Block.at(flat, offset[0], rows, cols);
        offset[0] += (long) rows * cols;
        return block;
    }
}
