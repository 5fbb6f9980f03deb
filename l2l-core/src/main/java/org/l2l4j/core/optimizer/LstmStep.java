package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.HostMemory;
import org.l2l4j.core.host.Raw;
import org.l2l4j.core.host.Workers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The deployment step of an LSTM optimizer on a fixed set of n coordinates: reads a gradient, updates
 * the state planes in place, writes the proposed step g_t (theta_{t+1} = theta_t + g_t). All buffers
 * are made once, so a step allocates no array in steady state. The chunks of coordinates run on a
 * {@link Workers} pool ({@link LstmForward}); the result is the same for any pool size.
 */
public final class LstmStep implements OptimizerStep {
    private final LstmParameters params;
    private final LstmState state;
    private final Block inputBlock, featureBlock, heads;
    private final LstmForward forward;
    private final int[] firstBad;   // per chunk, for the finiteness scan

    /**
     * @param planes  n x statePlanes, column-major, the coordinates' state (held, never copied)
     * @param setSize coordinates per parameter set (global averaging and memory act within a set); n for one set
     */
    public LstmStep(LstmArchitecture arch, LstmParameters params, INDArray planes, long setSize) {
        this(arch, params, planes, setSize, Workers.shared());
    }

    /** As above, the chunks run on {@code pool}. */
    public LstmStep(LstmArchitecture arch, LstmParameters params, INDArray planes, long setSize, Workers pool) {
        this.params = params;
        this.state = new LstmState(arch, planes);
        long n = planes.size(0);
        if (setSize < 1 || n % setSize != 0)
            throw new IllegalArgumentException(n + " coordinates do not split into parameter sets of " + setSize);
        var type = planes.dataType();
        if (params.flat.dataType() != type)
            throw new IllegalArgumentException("optimizer weights are " + params.flat.dataType() + " but the state is " + type);
        inputBlock = Block.of(HostMemory.planes(n, arch.inputSize(0), type));
        featureBlock = inputBlock.columns(0, arch.preprocessing().inputSize());
        heads = arch.memory() == null && arch.output() == null ? null : Block.of(HostMemory.planes(n, arch.outputs(), type));
        forward = new LstmForward(arch, n, setSize, type, pool);
        firstBad = new int[forward.chunks().count()];
    }

    @Override
    public StepKernel kernel() {
        return StepKernel.HOST;
    }

    /** @param gradient n x 1; @param step n x 1, receives g_t (may be the gradient array itself) */
    @Override
    public void apply(INDArray gradient, INDArray step) {
        apply(gradient, step, 1);
    }

    /** As {@link #apply(INDArray, INDArray)}, writing {@code factor * g_t} (DL4J's updater: -learningRate). */
    @Override
    public void apply(INDArray gradient, INDArray step, double factor) {
        forward.run(params, new LstmForward.Io(Block.of(gradient), inputBlock, featureBlock, state, state, null, null, heads,
                Block.of(step), factor));
    }

    /** Index of the first NaN or infinite value of {@code gradient} (n x 1), or -1: a scan on every core. */
    @Override
    public long firstNonFinite(INDArray gradient) {
        Block g = Block.of(gradient);
        Chunks chunks = forward.chunks();
        boolean f = g.f32;
        forward.pool().run(chunks.count(), (c, lane) -> {
            int r = chunks.from(c), end = r + chunks.size(c), bad = -1;
            for (int i = r; i < end; i++)
                if (!Double.isFinite(Raw.get(f, g.address, i))) {
                    bad = i;
                    break;
                }
            firstBad[c] = bad;
        });
        for (int bad : firstBad) if (bad >= 0) return bad;
        return -1;
    }
}
