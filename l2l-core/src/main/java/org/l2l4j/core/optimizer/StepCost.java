package org.l2l4j.core.optimizer;

/**
 * What one deployed step of an LSTM optimizer costs per parameter (per coordinate): floating-point
 * operations by part, and the state it keeps. Counted from the kernel's code, forward pass only (what
 * {@link LstmStep} runs in DL4J; meta-training adds the backward pass):
 * <ul>
 *   <li>{@code gemm}: per layer 2 (inputs + hidden) 4 hidden, the one GEMM [u, h_prev] [Wx; Wh];</li>
 *   <li>{@code cells}: per LSTM unit {@link #CELL_FLOPS}: 4 bias adds, 3 sigmoids and 2 tanh ({@link #TANH_FLOPS}
 *       each, a sigmoid 3 more: {@code RationalTanh} has no exponential), c = f c + i g (3) and h = o tanh(c) (1);
 *       plus 1 per global averaging cell (its share of the mean; the division per set is not counted);</li>
 *   <li>{@code output}: the linear output hTop Wo (2 hidden per output column or head), its bias (1 per column), the
 *       input skip (2 per feature and output it reaches), then the output scale (1), or what a {@link StepOutput}
 *       makes of its heads ({@link StepOutput#flopsPerCoordinate()}, the scale included), and with a memory the sum
 *       of direct step and read (1);</li>
 *   <li>{@code preprocessing}: {@link Preprocessing#flopsPerCoordinate()};</li>
 *   <li>{@code memory}: a read is 4 per write pair (a dot product and an axpy); writes are copies.</li>
 * </ul>
 * Not counted: copies, loads and stores. A library call such as log or sqrt counts as one, as do a min, a max
 * and a sign.
 *
 * @param gemm          FLOPs of the layers' GEMMs
 * @param cells         FLOPs of the gate arithmetic
 * @param output        FLOPs of the output layer
 * @param preprocessing FLOPs of the input features
 * @param memory        FLOPs of the memory's read
 * @param stateFloats   state values kept per parameter ({@link LstmArchitecture#statePlanes()})
 */
public record StepCost(long gemm, long cells, long output, long preprocessing, long memory, int stateFloats) {

    /** tanh(x) = x P(x^2) / Q(x^2) after clamping to [-9, 9]: 2 clamps, x^2, 9 for x P, 8 for Q, the division. */
    public static final int TANH_FLOPS = 21;
    /** sigmoid(x) = 0.5 + 0.5 tanh(0.5 x). */
    public static final int SIGMOID_FLOPS = TANH_FLOPS + 3;
    /** One LSTM unit's gates and cell: 4 bias adds, sigmoid i, f, o, tanh g and tanh c, the cell (3) and h (1). */
    public static final int CELL_FLOPS = 4 + 3 * SIGMOID_FLOPS + 2 * TANH_FLOPS + 3 + 1;

    /**
     * DL4J's Adam per parameter, for comparison: m = b1 m + (1 - b1) g (3), v = b2 v + (1 - b2) g^2 (4),
     * alpha_t m / (sqrt v + eps) (4); its state is m and v.
     */
    public static final long ADAM_FLOPS = 11;
    public static final int ADAM_STATE = 2;

    /** The paper's log-sign features: |x|, log, / p, max with -1; e^p x (e^p computed once), clamp to [-1, 1] (2). */
    static final int LOG_SIGN_FLOPS = 7;

    static StepCost of(LstmArchitecture a) {
        long h = a.hidden(), gemm = 0;
        for (int l = 0; l < a.layers(); l++) gemm += 2 * (a.inputSize(l) + h) * 4 * h;
        long cells = a.layers() * (h * CELL_FLOPS + a.globalCells());
        long outputs = a.outputs();
        long output = 2 * h * outputs + outputs + (a.output() == null ? 1 : a.output().flopsPerCoordinate())
                + (a.memory() == null ? 0 : 1)
                + (a.inputSkip() ? 2L * a.preprocessing().inputSize() * a.skipOutputs() : 0);
        long memory = a.memory() == null ? 0 : 4L * a.memory().pairs();
        return new StepCost(gemm, cells, output, a.preprocessing().flopsPerCoordinate(), memory, a.statePlanes());
    }

    /** FLOPs per parameter per step, all parts. */
    public long flopsPerParameter() {
        return gemm + cells + output + preprocessing + memory;
    }
}
