package org.l2l4j.core.optimizer;

import java.util.ArrayList;
import java.util.List;
import org.l2l4j.core.host.Blas;
import org.l2l4j.core.host.BlasThreads;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.HostMemory;
import org.l2l4j.core.host.Raw;
import org.l2l4j.core.host.Workers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The training path: records up to T forward steps of the LSTM optimizer on n coordinates (a tape of
 * inputs, gates, tanh(c) and states) and back-propagates through them. The recorded inputs are
 * constants, as the paper's dropped second derivatives require, so the backward pass never needs the
 * optimizee. Buffers are made once and reused by every truncation.
 *
 * <p>Both passes run chunk by chunk on a {@link Workers} pool. The backward pass of a chunk touches only its
 * own rows, except the meta-parameter gradient, which every chunk accumulates into a private copy (over all
 * steps and layers of the truncation, in a fixed order) and which is then summed over chunks in chunk order;
 * the set means of global averaging and the memory are {@link SetSums}. So the gradient is the same on any
 * number of threads, and without averaging or memory a chunk runs its whole backward pass as one task.
 */
public final class LstmUnroll {
    private final LstmArchitecture arch;
    private final int capacity;
    private final Block[] inputBlocks, featureBlocks;   // t = 1..T: n x I (features, then the last read result), its features
    private final Block[] heads;       // t = 1..T: n x outputs, with a memory or an output parametrization only
    private final Block[][] gates;     // [t][l], t = 1..T: n x 4H, activated i f g o
    private final Block[][] tanhC;     // [t][l]: n x H
    private final INDArray[] stateSlots; // t = 0..T: n x statePlanes
    private final LstmState[] states;
    private final Block dy;
    private final Block[] dh, dc;
    private final Block dMemoryA, dMemoryB, dRead, dReadCarried;   // with a memory only
    private final LstmForward forward;
    private final Chunks chunks;
    private final INDArray partials;               // chunks x phi: each chunk's share of dL/dphi
    private final LstmParameters[] partialViews;
    private final Block[] partialBlocks;
    private final SetSums[] dAverages;             // per layer, with global averaging only
    private final SetSums dReads;                  // with a memory only
    private int recorded;

    /** @param setSize coordinates per parameter set (per problem instance): the reach of averaging and memory */
    public LstmUnroll(LstmArchitecture arch, long n, long setSize, int capacity, DataType type) {
        this(arch, n, setSize, capacity, type, Workers.shared());
    }

    /** As above, the chunks run on {@code pool}. */
    public LstmUnroll(LstmArchitecture arch, long n, long setSize, int capacity, DataType type, Workers pool) {
        if (setSize < 1 || n % setSize != 0)
            throw new IllegalArgumentException(n + " coordinates do not split into parameter sets of " + setSize);
        this.arch = arch;
        this.capacity = capacity;
        int h = arch.hidden();
        int layers = arch.layers();
        int featureCount = arch.preprocessing().inputSize();
        LowRankMemory memory = arch.memory();
        inputBlocks = new Block[capacity + 1];
        featureBlocks = new Block[capacity + 1];
        heads = new Block[capacity + 1];
        gates = new Block[capacity + 1][layers];
        tanhC = new Block[capacity + 1][layers];
        stateSlots = new INDArray[capacity + 1];
        states = new LstmState[capacity + 1];
        for (int t = 0; t <= capacity; t++) {
            stateSlots[t] = HostMemory.planes(n, arch.statePlanes(), type);
            states[t] = new LstmState(arch, stateSlots[t]);
            if (t == 0) continue;
            inputBlocks[t] = Block.of(HostMemory.planes(n, arch.inputSize(0), type));
            featureBlocks[t] = inputBlocks[t].columns(0, featureCount);
            if (memory != null || arch.output() != null) heads[t] = Block.of(HostMemory.planes(n, arch.outputs(), type));
            for (int l = 0; l < layers; l++) {
                gates[t][l] = Block.of(HostMemory.planes(n, 4 * h, type));
                tanhC[t][l] = Block.of(HostMemory.planes(n, h, type));
            }
        }
        forward = new LstmForward(arch, n, setSize, type, pool);
        chunks = forward.chunks();
        dy = Block.of(HostMemory.planes(n, arch.outputs(), type));
        if (memory == null) {
            dMemoryA = dMemoryB = dRead = dReadCarried = null;
        } else {
            dMemoryA = Block.of(HostMemory.planes(n, memory.pairs(), type));
            dMemoryB = Block.of(HostMemory.planes(n, memory.pairs(), type));
            dRead = Block.of(HostMemory.planes(n, 1, type));
            dReadCarried = Block.of(HostMemory.planes(n, 1, type));
        }
        dh = new Block[layers];
        dc = new Block[layers];
        for (int l = 0; l < layers; l++) {
            dh[l] = Block.of(HostMemory.planes(n, h, type));
            dc[l] = Block.of(HostMemory.planes(n, h, type));
        }
        int parameters = arch.parameterCount();
        partials = Nd4j.createUninitialized(type, new long[]{(long) chunks.count() * parameters}, 'c');
        partialViews = new LstmParameters[chunks.count()];
        partialBlocks = new Block[chunks.count()];
        for (int c = 0; c < partialViews.length; c++) {
            INDArray view = partials.get(NDArrayIndex.interval((long) c * parameters, (long) (c + 1) * parameters));
            partialViews[c] = new LstmParameters(arch, view);
            partialBlocks[c] = Block.of(view);
        }
        dAverages = new SetSums[layers];
        if (arch.globalCells() > 0)
            for (int l = 0; l < layers; l++) dAverages[l] = new SetSums(chunks, setSize, arch.globalCells());
        dReads = memory == null ? null : new SetSums(chunks, setSize, 2 * memory.pairs());
    }

    /** Starts a truncation from the given state planes (n x statePlanes), which are copied, not kept. */
    public void begin(INDArray planes) {
        stateSlots[0].assign(planes);
        recorded = 0;
    }

    /** Forward step t = recorded + 1: gradient (n x 1) in, proposed step (n x 1) out. */
    public void forward(LstmParameters p, INDArray gradient, Block step) {
        if (recorded == capacity) throw new IllegalStateException("unroll is full: " + capacity + " steps");
        int t = ++recorded;
        forward.run(p, new LstmForward.Io(Block.of(gradient), inputBlocks[t], featureBlocks[t], states[t - 1], states[t],
                gates[t], tanhC[t], heads[t], step, 1));
    }

    /** Copies the state after the last recorded step into {@code planes}. */
    public void end(INDArray planes) {
        planes.assign(stateSlots[recorded]);
    }

    /** One piece of a chunk's backward pass; a barrier follows it when later pieces need means over sets. */
    private record Stage(Kind kind, int t, int layer) {}

    private enum Kind { ZERO, MEMORY_SUMS, OUTPUT, LAYER }

    /**
     * Back-propagation through the recorded steps. {@code dLdStep[t]} (n x 1, t = 1..recorded) is the
     * meta-loss gradient with respect to step t's output; the meta-parameter gradient is added to
     * {@code grad}. The state entering the truncation is a constant (truncated BPTT).
     */
    public void backward(LstmParameters p, LstmParameters grad, Block[] dLdStep) {
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage(Kind.ZERO, 0, 0));
        for (int t = recorded; t >= 1; t--) {
            if (arch.memory() != null) stages.add(new Stage(Kind.MEMORY_SUMS, t, 0));
            stages.add(new Stage(Kind.OUTPUT, t, 0));
            for (int l = arch.layers() - 1; l >= 0; l--) stages.add(new Stage(Kind.LAYER, t, l));
        }
        Workers pool = forward.pool();
        BlasThreads.singleThreaded(() -> {
            int start = 0;
            for (int s = 0; s < stages.size(); s++) {
                SetSums reduced = reducedAfter(stages.get(s));
                if (reduced == null && s < stages.size() - 1) continue;
                List<Stage> group = stages.subList(start, s + 1);
                pool.run(chunks.count(), (c, lane) -> {
                    for (Stage stage : group) run(stage, p, dLdStep, c, forward.lane(lane));
                });
                if (reduced != null) reduced.reduce();
                start = s + 1;
            }
            sumPartials(pool, grad);
        });
    }

    /** The set sums a stage fills, which the next stage reads: a barrier; null if none. */
    private SetSums reducedAfter(Stage s) {
        return switch (s.kind()) {
            case MEMORY_SUMS -> dReads;
            case OUTPUT -> dAverages[arch.layers() - 1];
            case LAYER -> s.layer() > 0 ? dAverages[s.layer() - 1] : null;
            case ZERO -> null;
        };
    }

    private void run(Stage s, LstmParameters p, Block[] dLdStep, int c, LayerWorkspace work) {
        int r = chunks.from(c), m = chunks.size(c);
        switch (s.kind()) {
            case ZERO -> {
                partialBlocks[c].zero();
                for (int l = 0; l < arch.layers(); l++) {
                    dh[l].rows(r, m).zero();
                    dc[l].rows(r, m).zero();
                }
                if (arch.memory() != null) {
                    dMemoryA.rows(r, m).zero();
                    dMemoryB.rows(r, m).zero();
                    dReadCarried.rows(r, m).zero();
                }
            }
            case MEMORY_SUMS -> {
                outputGradient(dLdStep[s.t()], r, m);
                // the read result enters the step as it is and the next step's controller as an input
                boolean f = dy.f32;
                long out = dy.address, dr = dRead.address, carried = dReadCarried.address;
                for (int i = r; i < r + m; i++) Raw.put(f, dr, i, Raw.get(f, out, i) + Raw.get(f, carried, i));
                LstmState prev = states[s.t() - 1];
                MemoryAccess.backwardSums(heads[s.t()].columns(MemoryAccess.READ_VECTOR, 1), prev.memoryA, prev.memoryB, dRead,
                        dReads, c);
            }
            case OUTPUT -> output(s.t(), p, dLdStep[s.t()], c, r, m);
            case LAYER -> layer(s.t(), s.layer(), p, c, r, m, work);
        }
    }

    /** dL/d(network output) of rows [r, r + m): the step's gradient times the output scale. */
    private void outputGradient(Block dLdStep, int r, int m) {
        boolean f = dy.f32;
        double scale = arch.outputScale();
        long in = dLdStep.address, out = dy.address;
        for (int i = r; i < r + m; i++) Raw.put(f, out, i, scale * Raw.get(f, in, i));
    }

    private void output(int t, LstmParameters p, Block dLdStep, int c, int r, int m) {
        LowRankMemory memory = arch.memory();
        int top = arch.layers() - 1;
        LstmParameters part = partialViews[c];
        if (arch.output() != null)
            arch.output().backward(arch.outputScale(), heads[t].rows(r, m), featureBlocks[t].rows(r, m),
                    arch.preprocessing().stepEmbedding(), dLdStep.rows(r, m), dy.rows(r, m));
        else if (memory == null) outputGradient(dLdStep, r, m);
        else {
            LstmState prev = states[t - 1];
            MemoryAccess.backwardRows(memory, heads[t].columns(MemoryAccess.READ_VECTOR, 1), prev.memoryA, prev.memoryB, dRead,
                    dMemoryA, dMemoryB, CoordinatewiseLstm.slot(prev, memory), dy, dReads, r, m);
        }
        Block dyRows = dy.rows(r, m);
        addColumnSums(dyRows, part.bo);
        Blas.gemm(true, false, 1, states[t].h[top].rows(r, m), dyRows, 1, part.wo);
        if (part.ws != null) Blas.gemm(true, false, 1, featureBlocks[t].rows(r, m), dyRows.columns(0, part.ws.cols), 1, part.ws);
        Blas.gemm(false, true, 1, dyRows, p.wo, 1, dh[top].rows(r, m));
        if (arch.globalCells() > 0) dAverages[top].sumColumns(GlobalAveraging.cells(dh[top], arch.globalCells()), c);
    }

    private void layer(int t, int l, LstmParameters p, int c, int r, int m, LayerWorkspace work) {
        LstmState now = states[t], prev = states[t - 1];
        LstmParameters part = partialViews[c];
        int globalCells = arch.globalCells();
        if (globalCells > 0) dAverages[l].writeMeans(GlobalAveraging.cells(dh[l], globalCells), c);
        Block dz = work.gates(m), dhRows = dh[l].rows(r, m);
        work.cell.backward(gates[t][l].rows(r, m), tanhC[t][l].rows(r, m), prev.c[l].rows(r, m), dhRows, dc[l].rows(r, m), dz);
        Block u = l == 0 ? inputBlocks[t] : now.h[l - 1];
        Blas.gemm(true, false, 1, u.rows(r, m), dz, 1, part.wx[l]);
        Blas.gemm(true, false, 1, prev.h[l].rows(r, m), dz, 1, part.wh[l]);
        addColumnSums(dz, part.b[l]);
        if (l > 0) Blas.gemm(false, true, 1, dz, p.wx[l], 1, dh[l - 1].rows(r, m));
        else if (arch.memory() != null) readInputGradient(p, dz, dReadCarried.rows(r, m));
        Blas.gemm(false, true, 1, dz, p.wh[l], 0, dhRows);                 // carried to t - 1
        if (globalCells > 0 && l > 0) dAverages[l - 1].sumColumns(GlobalAveraging.cells(dh[l - 1], globalCells), c);
    }

    /** to[j] += sum over the rows of column j of {@code from} (to: a 1 x cols block of phi's gradient). */
    private static void addColumnSums(Block from, Block to) {
        boolean f = from.f32;
        for (int j = 0; j < from.cols; j++) {
            double sum = 0;
            long d = from.column(j);
            for (int i = 0; i < from.rows; i++) sum += Raw.get(f, d, i);
            to.put(j, to.get(j) + sum);
        }
    }

    /** dL/d(read result entering this step) = dz Wx0[read row, :]^T, carried to the step before (dz, out: the same rows). */
    private static void readInputGradient(LstmParameters p, Block dz, Block out) {
        Block wx = p.wx[0];
        int row = wx.rows - 1, m = dz.rows;
        boolean f = dz.f32;
        out.zero();
        for (int j = 0; j < dz.cols; j++) {
            double w = wx.get(row, j);
            long d = dz.column(j);
            for (int i = 0; i < m; i++) Raw.put(f, out.address, i, Raw.get(f, out.address, i) + w * Raw.get(f, d, i));
        }
    }

    /** grad += the chunks' partial gradients, added in chunk order for each meta-parameter (parameters split over tasks). */
    private void sumPartials(Workers pool, LstmParameters grad) {
        Block g = Block.of(grad.flat), all = Block.of(partials);
        int parameters = g.rows, count = chunks.count(), span = 1024;
        boolean f = g.f32;
        pool.run((parameters + span - 1) / span, (task, lane) -> {
            for (int i = task * span; i < Math.min(parameters, (task + 1) * span); i++) {
                double sum = 0;
                for (int c = 0; c < count; c++) sum += Raw.get(f, all.address, (long) c * parameters + i);
                Raw.put(f, g.address, i, Raw.get(f, g.address, i) + sum);
            }
        });
    }
}
