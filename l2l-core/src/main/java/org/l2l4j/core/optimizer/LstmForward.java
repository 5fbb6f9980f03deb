package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.BlasThreads;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.Workers;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One forward step of the optimizer on n coordinates, chunk by chunk on every core: the one forward pass of
 * both the deployed step ({@link LstmStep}, state in place) and the recorded one ({@link LstmUnroll}, state
 * into the next slot of a tape).
 *
 * <p>A chunk's rows go through the preprocessing, every layer and the output in one task, while its gates are
 * in cache. Only what mixes coordinates waits for all chunks: the global averaging cells after each layer and
 * the memory's read, whose set means {@link SetSums} combine in a fixed order. So the step runs as one pass
 * over the chunks for the paper's LSTM, layers + 1 passes with global averaging, one more with a memory, and
 * gives the same bits on any number of threads. OpenBLAS runs single-threaded meanwhile ({@link BlasThreads}):
 * the workers share the cores, each GEMM on its own worker.
 */
final class LstmForward {
    private final LstmArchitecture arch;
    private final Workers pool;
    private final Chunks chunks;
    private final LayerWorkspace[] lanes;
    private final SetSums[] averages;   // per layer, with global averaging cells only
    private final SetSums reads;        // with a memory only
    private final Block[] weights;      // [Wx; Wh] per layer, stacked at each step on the calling thread

    LstmForward(LstmArchitecture arch, long n, long setSize, DataType type, Workers pool) {
        this.arch = arch;
        this.pool = pool;
        this.chunks = Chunks.of(n);
        lanes = new LayerWorkspace[pool.lanes()];
        for (int i = 0; i < lanes.length; i++) lanes[i] = new LayerWorkspace(arch, n, type);
        averages = new SetSums[arch.layers()];
        if (arch.globalCells() > 0)
            for (int l = 0; l < averages.length; l++) averages[l] = new SetSums(chunks, setSize, arch.globalCells());
        reads = arch.memory() == null ? null : new SetSums(chunks, setSize, arch.memory().pairs());
        weights = new Block[arch.layers()];
    }

    Chunks chunks() { return chunks; }

    Workers pool() { return pool; }

    /** Scratch for the tasks of one lane (also the backward pass's, which runs on the same lanes). */
    LayerWorkspace lane(int lane) { return lanes[lane]; }

    /** What one step reads and writes; {@code prev == next} deploys in place. */
    record Io(Block gradient, Block inputs, Block features, LstmState prev, LstmState next, Block[] gates, Block[] tanhC,
              Block heads, Block step, double factor) {}

    /**
     * The step: {@code gradient} (n x 1) preprocessed into {@code inputs} (n x I: the features, then the last
     * read result with a memory), the layers from {@code prev} into {@code next}, recording gates and tanh(c)
     * per layer when {@code gates}/{@code tanhC} are not null, and {@code step} = factor * g_t.
     */
    void run(LstmParameters p, Io io) {
        BlasThreads.singleThreaded(() -> {
            for (int l = 0; l < weights.length; l++) weights[l] = lanes[0].stackWeights(p, l);
            int slot = arch.memory() == null ? 0 : CoordinatewiseLstm.slot(io.prev(), arch.memory());
            boolean gac = arch.globalCells() > 0;
            int outputPhase = gac ? arch.layers() : 0;
            int phases = outputPhase + 1 + (arch.memory() == null ? 0 : 1);
            for (int ph = 0; ph < phases; ph++) {
                int phase = ph;
                pool.run(chunks.count(), (c, lane) -> chunk(p, io, phase, outputPhase, slot, c, lanes[lane]));
                if (gac && phase < arch.layers()) averages[phase].reduce();
                if (reads != null && phase == outputPhase) reads.reduce();
            }
        });
    }

    private void chunk(LstmParameters p, Io io, int phase, int outputPhase, int slot, int c, LayerWorkspace work) {
        int r = chunks.from(c), m = chunks.size(c);
        LstmState prev = io.prev(), next = io.next();
        if (phase > outputPhase) {   // the memory's read result is reduced: the step and the writes
            MemoryAccess.readRows(io.heads().columns(MemoryAccess.READ_VECTOR, 1), next.memoryA, next.read, reads, r, m);
            CoordinatewiseLstm.memoryStepRows(arch.memory(), arch.outputScale(), io.heads(), io.step(), next, slot, io.factor(), r, m);
            return;
        }
        if (phase == 0) inputRows(io, r, m);
        int globalCells = arch.globalCells(), layers = arch.layers();
        int first = globalCells > 0 ? phase : 0, end = globalCells > 0 ? Math.min(phase + 1, layers) : layers;
        if (globalCells > 0 && phase > 0) averages[phase - 1].writeMeans(GlobalAveraging.cells(next.h[phase - 1], globalCells), c);
        for (int l = first; l < end; l++)
            CoordinatewiseLstm.layerRows(p, l, weights[l], l == 0 ? io.inputs() : next.h[l - 1], prev.h[l], prev.c[l],
                    io.gates() == null ? null : io.gates()[l], io.tanhC() == null ? null : io.tanhC()[l], next.h[l], next.c[l],
                    r, m, work);
        if (globalCells > 0 && phase < layers) averages[phase].sumColumns(GlobalAveraging.cells(next.h[phase], globalCells), c);
        if (phase != outputPhase) return;
        Block top = next.h[layers - 1];
        if (arch.output() != null) {
            CoordinatewiseLstm.headsRows(p, top, io.features(), io.heads(), r, m);
            CoordinatewiseLstm.outputStepRows(arch.output(), arch.outputScale(), arch.preprocessing().stepEmbedding(), io.heads(), io.features(), io.step(), io.factor(), r, m);
        } else if (arch.memory() == null) {
            CoordinatewiseLstm.outputRows(p, arch.outputScale(), top, io.features(), io.step(), io.factor(), r, m, work);
        } else {
            CoordinatewiseLstm.headsRows(p, top, io.features(), io.heads(), r, m);
            MemoryAccess.readSums(io.heads().columns(MemoryAccess.READ_VECTOR, 1), next.memoryB, reads, c);
        }
    }

    /** Rows of the state that carries over (preprocessing, memory) moved to the next slot, then the inputs. */
    private void inputRows(Io io, int r, int m) {
        LstmState prev = io.prev(), next = io.next();
        if (prev != next) {
            if (prev.preprocessingPlanes != null) prev.preprocessingPlanes.rows(r, m).copyColumnsTo(next.preprocessingPlanes.rows(r, m));
            if (prev.memoryPlanes != null) prev.memoryPlanes.rows(r, m).copyColumnsTo(next.memoryPlanes.rows(r, m));
        }
        arch.preprocessing().applyRows(io.gradient().rows(r, m), io.features().rows(r, m),
                next.preprocessingPlanes == null ? null : next.preprocessingPlanes.rows(r, m));
        if (prev.read != null) prev.read.rows(r, m).copyColumnsTo(io.inputs().rows(r, m).columns(io.features().cols, 1));
    }
}
