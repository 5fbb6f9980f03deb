package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Blas;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.Raw;

/**
 * The arithmetic of the coordinatewise LSTM optimizer on the rows of one chunk of coordinates: GEMMs through
 * BLAS and the gate arithmetic in vectorized loops ({@link CellArithmetic}). Per-coordinate arrays are
 * n x features, column-major: each feature is a contiguous plane of n values, DL4J's updater-state layout.
 * Every method here reads and writes only rows [r, r + m) of the per-coordinate blocks it is given, so
 * chunks can run on any thread ({@link LstmForward} runs them on every core).
 *
 * <p>The same methods run when deploying (state updated in place) and when meta-training (state written to
 * the next slot of a tape), so what DL4J applies and what the meta-trainer differentiates are one computation.
 */
final class CoordinatewiseLstm {
    private CoordinatewiseLstm() {}

    /**
     * One LSTM layer for one step on the whole of its n coordinates, chunk after chunk on this thread, then the
     * global averaging of its last {@code globalCells} units over each parameter set of {@code setSize}
     * coordinates: {@link #layerRows} in sequence, for callers outside the pooled step.
     */
    static void layer(LstmParameters p, int l, Block u, Block hPrev, Block cPrev, Block gates, Block tanhC,
                      Block hOut, Block cOut, int globalCells, long setSize, LayerWorkspace work) {
        Block w = work.stackWeights(p, l);
        var chunks = Chunks.of(hPrev.rows);
        for (int c = 0; c < chunks.count(); c++)
            layerRows(p, l, w, u, hPrev, cPrev, gates, tanhC, hOut, cOut, chunks.from(c), chunks.size(c), work);
        if (globalCells > 0) GlobalAveraging.average(hOut.columns(hOut.cols - globalCells, globalCells), setSize);
    }

    /**
     * Layer l on rows [r, r + m) (at most one chunk): one GEMM [u, h_prev] [Wx; Wh] ({@code w}, stacked by
     * {@link LayerWorkspace#stackWeights}), then the cell. {@code hOut}/{@code cOut} may be
     * {@code hPrev}/{@code cPrev} (in-place deployment: the rows are read before they are written). When
     * recording (meta-training), {@code gates} (n x 4H) receives the activated gates i, f, g, o and
     * {@code tanhC} (n x H) tanh(c), which the backward pass reuses; a deployment passes null for both.
     */
    static void layerRows(LstmParameters p, int l, Block w, Block u, Block hPrev, Block cPrev, Block gates, Block tanhC,
                          Block hOut, Block cOut, int r, int m, LayerWorkspace work) {
        Block z = work.gates(m);
        Blas.gemm(false, false, 1, work.stackInputs(l, u.rows(r, m), hPrev.rows(r, m)), w, 0, z);
        work.cell.apply(p.b[l], z, cPrev.rows(r, m), gates == null ? null : gates.rows(r, m),
                tanhC == null ? null : tanhC.rows(r, m), hOut.rows(r, m), cOut.rows(r, m));
    }

    /**
     * Rows [r, r + m) of step = factor * (outputScale * (hTop Wo + bo [+ inputs Ws])), written into
     * {@code step} (n x 1); {@code inputs} (the preprocessed features, n x I) is read only with an input skip.
     * {@code factor} is 1 for the optimizer's own step; DL4J's updater passes -learningRate, rounded to the
     * type as one multiplication of the step.
     */
    static void outputRows(LstmParameters p, double outputScale, Block hTop, Block inputs, Block step, double factor,
                           int r, int m, LayerWorkspace work) {
        work.cell.output(hTop.rows(r, m), p.wo, p.bo.get(0), p.ws == null ? null : inputs.rows(r, m), p.ws, outputScale,
                factor, step.rows(r, m));
    }

    /**
     * Rows [r, r + m) of the heads (n x outputs) of an NTM-L-BFGS optimizer or of one with a {@link StepOutput}:
     * hTop Wo + bo, plus [inputs Ws] (the preprocessed features) on the heads the input skip reaches.
     * {@link MemoryAccess} or the output then make the step of them.
     */
    static void headsRows(LstmParameters p, Block hTop, Block inputs, Block heads, int r, int m) {
        Block hd = heads.rows(r, m);
        Blas.gemm(false, false, 1, hTop.rows(r, m), p.wo, 0, hd);
        boolean f = hd.f32;
        for (int j = 0; j < hd.cols; j++) {
            double bj = p.bo.get(j);
            long col = hd.column(j);
            for (int i = 0; i < m; i++) Raw.put(f, col, i, Raw.get(f, col, i) + bj);
        }
        if (p.ws != null) Blas.gemm(false, false, 1, inputs.rows(r, m), p.ws, 1, hd.columns(0, p.ws.cols));
    }

    /**
     * Rows [r, r + m) of the NTM-L-BFGS step once the read result of this step is in {@code state.read}:
     * step = factor * (outputScale * (direct output + read result)), then the writes into the next slot of the
     * memory, in place (in meta-training {@code state} is a copy of the one before the step).
     */
    static void memoryStepRows(LowRankMemory memory, double outputScale, Block heads, Block step, LstmState state, int slot,
                               double factor, int r, int m) {
        Block s = step.rows(r, m);
        boolean f = s.f32;
        long a = s.address, direct = heads.rows(r, m).column(0), read = state.read.rows(r, m).address;
        for (int i = 0; i < m; i++) Raw.put(f, a, i, outputScale * (Raw.get(f, direct, i) + Raw.get(f, read, i)));
        scale(s, factor);
        MemoryAccess.write(memory, heads.rows(r, m), state.memoryA.rows(r, m), state.memoryB.rows(r, m), slot);
        double next = (slot + 1) % memory.window();
        long slots = state.slot.rows(r, m).address;
        for (int i = 0; i < m; i++) Raw.put(f, slots, i, next);
    }

    /**
     * Rows [r, r + m) of step = factor * (the output's step from the heads of these rows and the features),
     * once {@link #headsRows} has made the heads (which the backward pass reuses).
     */
    static void outputStepRows(StepOutput output, double outputScale, Preprocessing.StepEmbedding steps, Block heads,
                               Block features, Block step, double factor, int r, int m) {
        Block s = step.rows(r, m);
        output.forward(outputScale, heads.rows(r, m), features.rows(r, m), steps, s);
        scale(s, factor);
    }

    /** s *= factor, with factor rounded to the type first (as ND4J's scalar multiplication rounds it). */
    private static void scale(Block s, double factor) {
        if (factor == 1) return;
        boolean f = s.f32;
        double k = f ? (float) factor : factor;
        long a = s.address;
        for (int i = 0; i < s.rows; i++) Raw.put(f, a, i, k * Raw.get(f, a, i));
    }

    /** The slot the next write goes to, checked: a state written by another architecture fails here. */
    static int slot(LstmState state, LowRankMemory memory) {
        double v = state.slot.get(0);
        if (!(v >= 0 && v < memory.window() && v == Math.rint(v)))
            throw new IllegalStateException("memory state names write slot " + v + " of a window of " + memory.window()
                    + ": the state was not written by this optimizer");
        return (int) v;
    }
}
