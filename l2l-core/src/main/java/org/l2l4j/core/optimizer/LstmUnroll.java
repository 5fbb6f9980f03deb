package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Blas;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.HostMemory;
import org.l2l4j.core.host.Raw;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The training path: records up to T forward steps of the LSTM optimizer on n coordinates (a tape of
 * inputs, gates, tanh(c) and states) and back-propagates through them. The recorded inputs are
 * constants, as the paper's dropped second derivatives require, so the backward pass never needs the
 * optimizee. Buffers are made once and reused by every truncation.
 */
public final class LstmUnroll {
    private final LstmArchitecture arch;
    private final int capacity;
    private final long setSize;
    private final INDArray[] inputs;   // t = 1..T: n x I (preprocessed features, then the last read result)
    private final INDArray[] features; // t = 1..T: the preprocessed features' columns of inputs[t]
    private final Block[] inputBlocks, featureBlocks;
    private final Block[] heads;       // t = 1..T: n x outputs, with a memory or an output parametrization only
    private final Block[][] gates;     // [l][t], t = 1..T: n x 4H, activated i f g o
    private final Block[][] tanhC;     // [l][t]: n x H
    private final INDArray[] stateSlots; // t = 0..T: n x 2LH
    private final LstmState[] states;
    private final Block dz, dy;
    private final Block[] dh, dc;
    private final Block dMemoryA, dMemoryB, dRead, dReadCarried;   // with a memory only
    private final LayerWorkspace work;
    private int recorded;

    /** @param setSize coordinates per parameter set (per problem instance): the reach of averaging and memory */
    public LstmUnroll(LstmArchitecture arch, long n, long setSize, int capacity, DataType type) {
        if (setSize < 1 || n % setSize != 0)
            throw new IllegalArgumentException(n + " coordinates do not split into parameter sets of " + setSize);
        this.arch = arch;
        this.capacity = capacity;
        this.setSize = setSize;
        int h = arch.hidden();
        int layers = arch.layers();
        int featureCount = arch.preprocessing().inputSize();
        LowRankMemory memory = arch.memory();
        inputs = new INDArray[capacity + 1];
        features = new INDArray[capacity + 1];
        inputBlocks = new Block[capacity + 1];
        featureBlocks = new Block[capacity + 1];
        heads = new Block[capacity + 1];
        gates = new Block[layers][capacity + 1];
        tanhC = new Block[layers][capacity + 1];
        stateSlots = new INDArray[capacity + 1];
        states = new LstmState[capacity + 1];
        for (int t = 0; t <= capacity; t++) {
            stateSlots[t] = HostMemory.planes(n, arch.statePlanes(), type);
            states[t] = new LstmState(arch, stateSlots[t]);
            if (t == 0) continue;
            inputs[t] = HostMemory.planes(n, arch.inputSize(0), type);
            features[t] = memory == null ? inputs[t]
                    : inputs[t].get(NDArrayIndex.all(), NDArrayIndex.interval(0, featureCount));
            inputBlocks[t] = Block.of(inputs[t]);
            featureBlocks[t] = inputBlocks[t].columns(0, featureCount);
            if (memory != null || arch.output() != null) heads[t] = Block.of(HostMemory.planes(n, arch.outputs(), type));
            for (int l = 0; l < layers; l++) {
                gates[l][t] = Block.of(HostMemory.planes(n, 4 * h, type));
                tanhC[l][t] = Block.of(HostMemory.planes(n, h, type));
            }
        }
        work = new LayerWorkspace(arch, n, type);
        dz = Block.of(HostMemory.planes(n, 4 * h, type));
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
    }

    /** Starts a truncation from the given state planes (n x 2LH), which are copied, not kept. */
    public void begin(INDArray planes) {
        stateSlots[0].assign(planes);
        recorded = 0;
    }

    /** Forward step t = recorded + 1: gradient (n x 1) in, proposed step (n x 1) out. */
    public void forward(LstmParameters p, INDArray gradient, Block step) {
        if (recorded == capacity) throw new IllegalStateException("unroll is full: " + capacity + " steps");
        int t = ++recorded;
        LstmState prev = states[t - 1], next = states[t];
        // the preprocessing's state moves to the next slot and is updated there; it is no function of phi
        if (next.preprocessing != null) next.preprocessing.assign(prev.preprocessing);
        arch.preprocessing().apply(gradient, features[t], next.preprocessing);
        // the memory too; the step then reads and writes the copy in place, as a deployment does
        if (next.memory != null) {
            next.memory.assign(prev.memory);
            prev.read.copyTo(inputBlocks[t].columns(featureBlocks[t].cols, 1));
        }
        Block u = inputBlocks[t];
        for (int l = 0; l < arch.layers(); l++) {
            CoordinatewiseLstm.layer(p, l, u, prev.h[l], prev.c[l], gates[l][t], tanhC[l][t], next.h[l], next.c[l],
                    arch.globalCells(), setSize, work);
            u = next.h[l];
        }
        if (arch.output() != null)
            CoordinatewiseLstm.outputWith(p, arch.output(), arch.outputScale(), u, featureBlocks[t], heads[t], step);
        else if (arch.memory() == null) CoordinatewiseLstm.output(p, arch.outputScale(), u, featureBlocks[t], step);
        else CoordinatewiseLstm.outputWithMemory(p, arch.memory(), arch.outputScale(), u, featureBlocks[t], heads[t], step,
                next, setSize);
    }

    /** Copies the state after the last recorded step into {@code planes}. */
    public void end(INDArray planes) {
        planes.assign(stateSlots[recorded]);
    }

    /**
     * Back-propagation through the recorded steps. {@code dLdStep[t]} (n x 1, t = 1..recorded) is the
     * meta-loss gradient with respect to step t's output; the meta-parameter gradient is added to
     * {@code grad}. The state entering the truncation is a constant (truncated BPTT).
     */
    public void backward(LstmParameters p, LstmParameters grad, Block[] dLdStep) {
        int h = arch.hidden(), n = dz.rows;
        int top = arch.layers() - 1;
        double scale = arch.outputScale();
        boolean f = dz.f32;
        LowRankMemory memory = arch.memory();
        int globalCells = arch.globalCells();
        for (int l = 0; l <= top; l++) {
            dh[l].zero();
            dc[l].zero();
        }
        if (memory != null) {
            dMemoryA.zero();
            dMemoryB.zero();
            dReadCarried.zero();
        }
        for (int t = recorded; t >= 1; t--) {
            LstmState now = states[t], prev = states[t - 1];
            long in = dLdStep[t].address, out = dy.address;
            if (arch.output() != null) arch.output().backward(scale, heads[t], featureBlocks[t], dLdStep[t], dy);
            else for (int i = 0; i < n; i++) Raw.put(f, out, i, scale * Raw.get(f, in, i));
            if (memory != null) {
                // the read result enters the step as it is and the next step's controller as an input
                long dr = dRead.address, carried = dReadCarried.address;
                for (int i = 0; i < n; i++) Raw.put(f, dr, i, Raw.get(f, out, i) + Raw.get(f, carried, i));
                MemoryAccess.backward(memory, heads[t].columns(MemoryAccess.READ_VECTOR, 1), prev.memoryA, prev.memoryB,
                        dRead, dMemoryA, dMemoryB, CoordinatewiseLstm.slot(prev, memory), dy, setSize);
            }
            for (int j = 0; j < dy.cols; j++) {
                double sum = 0;
                long d = dy.column(j);
                for (int i = 0; i < n; i++) sum += Raw.get(f, d, i);
                grad.bo.put(j, grad.bo.get(j) + sum);
            }
            Blas.gemm(true, false, 1, now.h[top], dy, 1, grad.wo);
            if (grad.ws != null) Blas.gemm(true, false, 1, featureBlocks[t], dy.columns(0, grad.ws.cols), 1, grad.ws);
            Blas.gemm(false, true, 1, dy, p.wo, 1, dh[top]);
            for (int l = top; l >= 0; l--) {
                if (globalCells > 0) GlobalAveraging.average(dh[l].columns(h - globalCells, globalCells), setSize);
                for (int r = 0; r < n; r += CellArithmetic.CHUNK) {
                    int m = Math.min(CellArithmetic.CHUNK, n - r);
                    work.cell.backward(gates[l][t].rows(r, m), tanhC[l][t].rows(r, m), prev.c[l].rows(r, m),
                            dh[l].rows(r, m), dc[l].rows(r, m), dz.rows(r, m));
                }
                Block u = l == 0 ? inputBlocks[t] : now.h[l - 1];
                Blas.gemm(true, false, 1, u, dz, 1, grad.wx[l]);
                Blas.gemm(true, false, 1, prev.h[l], dz, 1, grad.wh[l]);
                for (int j = 0; j < 4 * h; j++) {
                    double sum = 0;
                    long d = dz.column(j);
                    for (int i = 0; i < n; i++) sum += Raw.get(f, d, i);
                    grad.b[l].put(j, grad.b[l].get(j) + sum);
                }
                if (l > 0) Blas.gemm(false, true, 1, dz, p.wx[l], 1, dh[l - 1]);
                else if (memory != null) readInputGradient(p, dReadCarried);
                Blas.gemm(false, true, 1, dz, p.wh[l], 0, dh[l]);                 // carried to t - 1
            }
        }
    }

    /** dL/d(read result entering this step) = dz Wx0[read row, :]^T, carried to the step before. */
    private void readInputGradient(LstmParameters p, Block out) {
        Block wx = p.wx[0];
        int row = wx.rows - 1, n = dz.rows;
        boolean f = dz.f32;
        out.zero();
        for (int j = 0; j < dz.cols; j++) {
            double w = wx.get(row, j);
            long d = dz.column(j);
            for (int i = 0; i < n; i++) Raw.put(f, out.address, i, Raw.get(f, out.address, i) + w * Raw.get(f, d, i));
        }
    }
}
