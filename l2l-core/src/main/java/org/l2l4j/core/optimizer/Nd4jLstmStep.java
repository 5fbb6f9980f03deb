package org.l2l4j.core.optimizer;

import static org.l2l4j.core.optimizer.Nd4jViews.columns;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * {@link LstmStep} built from ND4J operations only (mmul, element-wise transforms, broadcasts, reductions and
 * views), so it runs on any ND4J backend: on a GPU under ND4J-CUDA, where the arrays are device memory that
 * {@link LstmStep}'s host addresses cannot reach. It computes the same step on the same state planes (so state
 * written by either kernel is continued by the other), and so that the number of operations does not grow with
 * n, each one covers all n coordinates: per LSTM layer two GEMMs, a bias broadcast and eight element-wise
 * operations. Every view and scratch array is made once, here, outside any workspace, so a step allocates none.
 *
 * <p>On a CPU it is slower than {@link LstmStep}, which fuses the gate arithmetic in cache-sized chunks where
 * this one passes over all n coordinates once per operation (docs/gpu.md has the measured price).
 */
public final class Nd4jLstmStep implements OptimizerStep {
    private final long n;
    private final Nd4jPreprocessing preprocessing;
    private final INDArray input, features, readInput;
    private final Nd4jLstmLayer[] layers;
    private final INDArray[] h;
    private final INDArray wo, ws;
    private final double bo, outputScale;
    /**
     * With a memory or an output parametrization: the heads (n x outputs), the parts of them the skip reaches and
     * the bias; with a memory also the direct step and the write vectors; else null.
     */
    private final INDArray heads, skipHeads, direct, writesA, writesB, bias;
    private final Nd4jMemoryAccess memory;
    /** With an output parametrization: its ND4J form; else null. */
    private final Nd4jStepOutput output;

    /**
     * @param weights phi, a contiguous vector of {@link LstmArchitecture#parameterCount()} values of the state's type
     * @param planes  n x statePlanes, column-major, the coordinates' state (held, never copied)
     * @param setSize coordinates per parameter set (global averaging and memory act within a set); n for one set
     */
    public Nd4jLstmStep(LstmArchitecture arch, INDArray weights, INDArray planes, long setSize) {
        if (planes.rank() != 2 || planes.size(1) != arch.statePlanes() || planes.ordering() != 'f'
                || planes.stride(0) != 1 || planes.stride(1) != planes.size(0))
            throw new IllegalArgumentException("LSTM state needs " + arch.statePlanes() + " contiguous column-major planes "
                    + "per coordinate, got " + planes.shapeInfoToString());
        n = planes.size(0);
        if (setSize < 1 || n % setSize != 0)
            throw new IllegalArgumentException(n + " coordinates do not split into parameter sets of " + setSize);
        DataType type = planes.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE)
            throw new IllegalArgumentException("learned optimizers compute in FLOAT or DOUBLE, not " + type);
        if (weights.dataType() != type)
            throw new IllegalArgumentException("optimizer weights are " + weights.dataType() + " but the state is " + type);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            var p = new Nd4jParameters(arch, weights);
            int hidden = arch.hidden(), featureCount = arch.preprocessing().inputSize();
            int lstm = 2 * arch.layers() * hidden, extra = arch.preprocessing().statePlanes();
            input = Nd4jViews.scratch(n, arch.inputSize(0), type);
            features = columns(input, 0, featureCount);
            preprocessing = Nd4jPreprocessing.bind(arch.preprocessing(), features,
                    extra == 0 ? null : columns(planes, lstm, extra));
            INDArray z = Nd4jViews.scratch(n, 4L * hidden, type);
            layers = new Nd4jLstmLayer[arch.layers()];
            h = new INDArray[arch.layers()];
            for (int l = 0; l < arch.layers(); l++) {
                h[l] = columns(planes, 2L * l * hidden, hidden);
                layers[l] = new Nd4jLstmLayer(p, l, h[l], columns(planes, (2L * l + 1) * hidden, hidden), z,
                        arch.globalCells(), setSize);
            }
            wo = p.wo;
            ws = p.ws;
            outputScale = arch.outputScale();
            LowRankMemory m = arch.memory();
            if (arch.output() != null) {
                bo = Double.NaN;
                bias = p.bo;
                heads = Nd4jViews.scratch(n, arch.outputs(), type);
                skipHeads = columns(heads, 0, arch.skipOutputs());
                readInput = direct = writesA = writesB = null;
                memory = null;
                output = Nd4jStepOutput.bind(arch.output(), heads, features, arch.preprocessing().stepEmbedding());
            } else if (m == null) {
                bo = p.bo.getDouble(0);
                readInput = heads = skipHeads = direct = writesA = writesB = bias = null;
                memory = null;
                output = null;
            } else {
                bo = Double.NaN;
                bias = p.bo;
                heads = Nd4jViews.scratch(n, arch.outputs(), type);
                skipHeads = columns(heads, 0, arch.skipOutputs());
                direct = columns(heads, 0, 1);
                int w = m.writeHeads();
                writesA = columns(heads, MemoryAccess.FIRST_WRITE, w);
                writesB = columns(heads, MemoryAccess.FIRST_WRITE + w, w);
                memory = new Nd4jMemoryAccess(m, columns(planes, lstm + extra, m.statePlanes()),
                        columns(heads, MemoryAccess.READ_VECTOR, 1), setSize);
                readInput = columns(input, featureCount, 1);
                output = null;
            }
        }
    }

    @Override
    public StepKernel kernel() {
        return StepKernel.ND4J;
    }

    /** @param gradient n x 1; @param step n x 1, receives g_t (may be the gradient array itself) */
    @Override
    public void apply(INDArray gradient, INDArray step) {
        gradient = column(gradient, "gradient");
        step = column(step, "step");
        int slot = memory == null ? 0 : memory.slot();   // checked before the state is touched
        preprocessing.apply(gradient);
        if (memory != null) readInput.assign(memory.readPlane);
        INDArray u = input;
        for (int l = 0; l < layers.length; l++) {
            layers[l].forward(u);
            u = h[l];
        }
        if (output != null) {
            heads(u);
            output.step(outputScale, step);
        } else if (memory == null) {
            Nd4j.gemm(u, wo, step, false, false, 1, 0);
            if (ws != null) Nd4j.gemm(features, ws, step, false, false, 1, 1);
            step.addi(bo).muli(outputScale);
        } else {
            heads(u);
            memory.read();
            Nd4j.exec(new AddOp(direct, memory.readPlane, step));
            step.muli(outputScale);
            memory.write(writesA, writesB, slot);
        }
    }

    /** heads = hTop Wo + bo, plus features Ws on the heads the input skip reaches. */
    private void heads(INDArray hTop) {
        Nd4j.gemm(hTop, wo, heads, false, false, 1, 0);
        heads.addiRowVector(bias);
        if (ws != null) Nd4j.gemm(features, ws, skipHeads, false, false, 1, 1);
    }

    @Override
    public void apply(INDArray gradient, INDArray step, double factor) {
        apply(gradient, step);
        if (factor != 1) step.muli(factor);
    }

    /** One ND4J count; the index is looked for only when the count is not zero. */
    @Override
    public long firstNonFinite(INDArray gradient) {
        long count = Nd4j.getExecutioner().exec(new MatchCondition(gradient, Conditions.notFinite())).getLong(0);
        if (count == 0) return -1;
        double[] values = gradient.toDoubleVector();
        for (int i = 0; i < values.length; i++) if (!Double.isFinite(values[i])) return i;
        throw new IllegalStateException("ND4J counted " + count + " non-finite values that a second look does not find");
    }

    /** A vector of n values as n x 1 (a view: the step is written through it). */
    private INDArray column(INDArray a, String what) {
        if (a.length() != n || !a.isVector() && !a.isScalar())
            throw new IllegalArgumentException("a step of " + n + " coordinates needs a " + what + " of " + n + " values, got "
                    + a.shapeInfoToString());
        if (a.rank() == 2 && a.size(1) == 1) return a;
        INDArray c = a.reshape(a.ordering(), n, 1);
        if (!org.l2l4j.core.host.HostMemory.sameStart(c, a)) throw new IllegalArgumentException(what + " is not contiguous: "
                + a.shapeInfoToString());
        return c;
    }
}
