package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.HostMemory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The deployment step of an LSTM optimizer on a fixed set of n coordinates: reads a gradient, updates
 * the state planes in place, writes the proposed step g_t (theta_{t+1} = theta_t + g_t). All buffers
 * are made once, so a step allocates no array in steady state.
 */
public final class LstmStep {
    private final LstmArchitecture arch;
    private final LstmParameters params;
    private final LstmState state;
    private final long setSize;
    private final INDArray features;   // the preprocessed gradient: the first columns of the input
    private final Block inputBlock, featureBlock, heads;
    private final LayerWorkspace work;

    /**
     * @param planes  n x statePlanes, column-major, the coordinates' state (held, never copied)
     * @param setSize coordinates per parameter set (global averaging and memory act within a set); n for one set
     */
    public LstmStep(LstmArchitecture arch, LstmParameters params, INDArray planes, long setSize) {
        this.arch = arch;
        this.params = params;
        this.state = new LstmState(arch, planes);
        long n = planes.size(0);
        if (setSize < 1 || n % setSize != 0)
            throw new IllegalArgumentException(n + " coordinates do not split into parameter sets of " + setSize);
        this.setSize = setSize;
        var type = planes.dataType();
        if (params.flat.dataType() != type)
            throw new IllegalArgumentException("optimizer weights are " + params.flat.dataType() + " but the state is " + type);
        INDArray input = HostMemory.planes(n, arch.inputSize(0), type);
        int featureCount = arch.preprocessing().inputSize();
        features = arch.memory() == null ? input : input.get(NDArrayIndex.all(), NDArrayIndex.interval(0, featureCount));
        inputBlock = Block.of(input);
        featureBlock = inputBlock.columns(0, featureCount);
        work = new LayerWorkspace(arch, n, type);
        heads = arch.memory() == null && arch.output() == null ? null : Block.of(HostMemory.planes(n, arch.outputs(), type));
    }

    /** @param gradient n x 1; @param step n x 1, receives g_t (may be the gradient array itself) */
    public void apply(INDArray gradient, INDArray step) {
        arch.preprocessing().apply(gradient, features, state.preprocessing);
        if (state.read != null) state.read.copyTo(inputBlock.columns(featureBlock.cols, 1));
        Block u = inputBlock;
        for (int l = 0; l < arch.layers(); l++) {
            CoordinatewiseLstm.layer(params, l, u, state.h[l], state.c[l], null, null, state.h[l], state.c[l],
                    arch.globalCells(), setSize, work);
            u = state.h[l];
        }
        if (arch.output() != null)
            CoordinatewiseLstm.outputWith(params, arch.output(), arch.outputScale(), u, featureBlock, heads, Block.of(step));
        else if (arch.memory() == null) CoordinatewiseLstm.output(params, arch.outputScale(), u, featureBlock, Block.of(step));
        else CoordinatewiseLstm.outputWithMemory(params, arch.memory(), arch.outputScale(), u, featureBlock, heads,
                Block.of(step), state, setSize);
    }
}
