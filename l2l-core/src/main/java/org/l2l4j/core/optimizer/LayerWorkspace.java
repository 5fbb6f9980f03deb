package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.HostMemory;
import org.l2l4j.core.host.Raw;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Scratch for {@link CoordinatewiseLstm#layer}, made once per step rule or unroll and never shared
 * between threads: one chunk's gates and GEMM operands. Each layer's two GEMMs u Wx + h_prev Wh become
 * one, [u, h_prev] [Wx; Wh], on a chunk copied side by side: at the LSTM's small inner dimensions one
 * GEMM with k = I + H runs markedly faster than two (measured per row: 77 ns at k = 22 against 32 + 79
 * at k = 2 and 20) and writes the gates once.
 */
final class LayerWorkspace {
    final CellArithmetic cell;
    private final Block gates;              // CHUNK x 4H: the GEMM's output, contiguous whatever n is
    private final Block[] stackedInputs;    // per layer: CHUNK x (I + H), [u, h_prev] of one chunk
    private final Block[] stackedWeights;   // per layer: (I + H) x 4H, [Wx; Wh]

    LayerWorkspace(LstmArchitecture arch, long n, DataType type) {
        cell = CellArithmetic.of(type);
        int layers = arch.layers(), h = arch.hidden();
        long rows = Math.min(n, CellArithmetic.CHUNK);
        gates = Block.of(HostMemory.planes(rows, 4 * h, type));
        stackedInputs = new Block[layers];
        stackedWeights = new Block[layers];
        for (int l = 0; l < layers; l++) {
            int k = arch.inputSize(l) + h;
            stackedInputs[l] = Block.of(HostMemory.planes(rows, k, type));
            stackedWeights[l] = Block.of(HostMemory.planes(k, 4 * h, type));
        }
    }

    /** Scratch for one chunk's pre-activations, m x 4H. */
    Block gates(int m) {
        return gates.rows(0, m);
    }

    /** [Wx; Wh] of layer l, copied from the current weights (they change between meta-training steps). */
    Block stackWeights(LstmParameters p, int l) {
        Block w = stackedWeights[l], wx = p.wx[l], wh = p.wh[l];
        Block top = w.rows(0, wx.rows), bottom = w.rows(wx.rows, wh.rows);
        for (int j = 0; j < w.cols; j++) {
            Raw.copy(w.f32, wx.column(j), top.column(j), wx.rows);
            Raw.copy(w.f32, wh.column(j), bottom.column(j), wh.rows);
        }
        return w;
    }

    /** [u, h_prev] of one chunk (m rows of each), side by side. */
    Block stackInputs(int l, Block u, Block hPrev) {
        Block x = stackedInputs[l].rows(0, u.rows);
        for (int j = 0; j < u.cols; j++) Raw.copy(x.f32, u.column(j), x.column(j), u.rows);
        for (int j = 0; j < hPrev.cols; j++) Raw.copy(x.f32, hPrev.column(j), x.column(u.cols + j), u.rows);
        return x;
    }
}
