package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Blas;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.Raw;

/**
 * The arithmetic of the coordinatewise LSTM optimizer on n coordinates at once: GEMMs through BLAS and
 * the gate arithmetic in vectorized loops ({@link CellArithmetic}), a chunk of coordinates at a time.
 * Per-coordinate arrays are n x features, column-major: each feature is a contiguous plane of n values,
 * DL4J's updater-state layout.
 *
 * <p>{@link #layer} is the one forward pass used both when deploying (state updated in place) and when
 * meta-training (state written to the next slot of a tape), so what DL4J applies and what the
 * meta-trainer differentiates are one computation.
 */
final class CoordinatewiseLstm {
    private CoordinatewiseLstm() {}

    /**
     * One LSTM layer for one step, chunk by chunk of {@link CellArithmetic#CHUNK} coordinates: a chunk's
     * gates go from the GEMM to the element-wise loops in cache. {@code hOut}/{@code cOut} may be
     * {@code hPrev}/{@code cPrev} (in-place deployment: a chunk reads only its own rows). When recording
     * (meta-training), {@code gates} (n x 4H) receives the activated gates i, f, g, o and {@code tanhC}
     * (n x H) tanh(c), which the backward pass reuses; a deployment passes null for both. The last
     * {@code globalCells} units' outputs are then averaged over each parameter set of {@code setSize}
     * coordinates.
     */
    static void layer(LstmParameters p, int l, Block u, Block hPrev, Block cPrev, Block gates, Block tanhC,
                      Block hOut, Block cOut, int globalCells, long setSize, LayerWorkspace work) {
        int n = hPrev.rows, h = hPrev.cols;
        Block w = work.stackWeights(p, l);
        for (int r = 0; r < n; r += CellArithmetic.CHUNK) {
            int m = Math.min(CellArithmetic.CHUNK, n - r);
            Block z = work.gates(m);
            Blas.gemm(false, false, 1, work.stackInputs(l, u.rows(r, m), hPrev.rows(r, m)), w, 0, z);
            work.cell.apply(p.b[l], z, cPrev.rows(r, m), gates == null ? null : gates.rows(r, m),
                    tanhC == null ? null : tanhC.rows(r, m), hOut.rows(r, m), cOut.rows(r, m));
        }
        if (globalCells > 0) GlobalAveraging.average(hOut.columns(h - globalCells, globalCells), setSize);
    }

    /**
     * step = outputScale * (hTop Wo + bo [+ inputs Ws]), written into {@code step} (n x 1); {@code inputs}
     * (the preprocessed features, n x I) is read only with an input skip.
     */
    static void output(LstmParameters p, double outputScale, Block hTop, Block inputs, Block step) {
        Blas.gemm(false, false, 1, hTop, p.wo, 0, step);
        if (p.ws != null) Blas.gemm(false, false, 1, inputs, p.ws, 1, step);
        double bo = p.bo.get(0);
        boolean f = step.f32;
        long s = step.address;
        for (int i = 0; i < step.rows; i++) Raw.put(f, s, i, outputScale * (Raw.get(f, s, i) + bo));
    }

    /**
     * The step of an optimizer with an output parametrization: the heads (n x heads, receiving hTop Wo + bo
     * [+ inputs Ws], which the backward pass reuses) and then {@code output}'s map of heads and features to the
     * step.
     */
    static void outputWith(LstmParameters p, StepOutput output, double outputScale, Block hTop, Block inputs, Block heads,
                           Block step) {
        heads(p, hTop, inputs, heads);
        output.forward(outputScale, heads, inputs, step);
    }

    /** heads = hTop Wo + bo, plus inputs Ws on the first columns the input skip reaches. */
    private static void heads(LstmParameters p, Block hTop, Block inputs, Block heads) {
        Blas.gemm(false, false, 1, hTop, p.wo, 0, heads);
        boolean f = heads.f32;
        for (int j = 0; j < heads.cols; j++) {
            double bj = p.bo.get(j);
            long col = heads.column(j);
            for (int i = 0; i < heads.rows; i++) Raw.put(f, col, i, Raw.get(f, col, i) + bj);
        }
        if (p.ws != null) Blas.gemm(false, false, 1, inputs, p.ws, 1, heads.columns(0, p.ws.cols));
    }

    /**
     * The output of an NTM-L-BFGS optimizer: the heads (n x outputs, receiving hTop Wo + bo, the step and
     * read vector also [inputs Ws]: the preprocessed features), a read of the
     * memory in {@code state} (before this step's writes; the result goes to its read plane), the step
     * outputScale * (direct output + read result), then the writes into the next slot. The
     * memory is updated in place, so {@code state} is the state after the step (in meta-training a copy
     * of the one before it).
     */
    static void outputWithMemory(LstmParameters p, LowRankMemory memory, double outputScale, Block hTop, Block inputs,
                                 Block heads, Block step, LstmState state, long setSize) {
        heads(p, hTop, inputs, heads);
        boolean f = step.f32;
        int n = step.rows;
        MemoryAccess.read(heads.columns(MemoryAccess.READ_VECTOR, 1), state.memoryA, state.memoryB, state.read, setSize);
        heads.columns(0, 1).copyTo(step);
        long s = step.address, r = state.read.address;
        for (int i = 0; i < n; i++) Raw.put(f, s, i, outputScale * (Raw.get(f, s, i) + Raw.get(f, r, i)));
        int slot = slot(state, memory);
        MemoryAccess.write(memory, heads, state.memoryA, state.memoryB, slot);
        double next = (slot + 1) % memory.window();
        for (int i = 0; i < n; i++) state.slot.put(i, next);
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
