package org.l2l4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The deployment step of an LSTM optimizer on a fixed set of n coordinates: reads a gradient, updates
 * the state planes in place, writes the proposed step g_t (theta_{t+1} = theta_t + g_t). All buffers
 * are made once, so a step allocates no array in steady state.
 */
final class LstmStep {
    private final LstmArchitecture arch;
    private final LstmParameters params;
    private final LstmState state;
    private final INDArray input;
    private final Block inputBlock, gates, tanhC;

    /** @param planes n x statePlanes, column-major, the coordinates' state (held, never copied) */
    LstmStep(LstmArchitecture arch, LstmParameters params, INDArray planes) {
        this.arch = arch;
        this.params = params;
        this.state = new LstmState(arch, planes);
        long n = planes.size(0);
        var type = planes.dataType();
        if (params.flat.dataType() != type)
            throw new IllegalArgumentException("optimizer weights are " + params.flat.dataType() + " but the state is " + type);
        input = CoordinatewiseLstm.planes(n, arch.preprocessing().inputSize(), type);
        inputBlock = Block.of(input);
        gates = Block.of(CoordinatewiseLstm.planes(n, 4 * arch.hidden(), type));
        tanhC = Block.of(CoordinatewiseLstm.planes(n, arch.hidden(), type));
    }

    /** @param gradient n x 1; @param step n x 1, receives g_t (may be the gradient array itself) */
    void apply(INDArray gradient, INDArray step) {
        arch.preprocessing().apply(gradient, input, state.preprocessing);
        Block u = inputBlock;
        for (int l = 0; l < arch.layers(); l++) {
            CoordinatewiseLstm.layer(params, l, u, state.h[l], state.c[l], gates, tanhC, state.h[l], state.c[l]);
            u = state.h[l];
        }
        CoordinatewiseLstm.output(params, arch.outputScale(), u, inputBlock, Block.of(step));
    }
}
