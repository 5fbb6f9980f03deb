package org.l2l4j.core.optimizer;

import java.util.SplittableRandom;
import org.l2l4j.core.host.Block;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The meta-parameters phi before meta-training: Gaussian weights with variance 1/(fan-in), zero biases
 * but the forget gates', and an output layer drawn with {@code outputInitStd} (zero: the untrained
 * optimizer stands still).
 */
public final class InitialWeights {
    private InitialWeights() {}

    /** @return phi, 1 x {@link LstmArchitecture#parameterCount()}, in double */
    public static INDArray draw(LstmArchitecture arch, long seed, double forgetBias, double outputInitStd) {
        INDArray flat = Nd4j.zeros(DataType.DOUBLE, 1, arch.parameterCount());
        var p = new LstmParameters(arch, flat);
        var rng = new SplittableRandom(seed);
        int h = arch.hidden();
        for (int l = 0; l < arch.layers(); l++) {
            double std = 1.0 / Math.sqrt(arch.inputSize(l) + h);
            fill(p.wx[l], rng, std);
            fill(p.wh[l], rng, std);
            for (int j = h; j < 2 * h; j++) p.b[l].put(j, forgetBias);
        }
        if (outputInitStd > 0) fill(p.wo.columns(0, 1), rng, outputInitStd);
        // The write vectors start small but not at zero: with a and b both zero their gradients vanish too.
        // The read vector starts at zero, so the untrained optimizer still stands still.
        if (arch.memory() != null)
            fill(p.wo.columns(MemoryAccess.FIRST_WRITE, arch.outputs() - MemoryAccess.FIRST_WRITE), rng, 0.1 / Math.sqrt(h));
        return flat;
    }

    private static void fill(Block block, SplittableRandom rng, double std) {
        for (int i = 0; i < block.length(); i++) block.put(i, rng.nextGaussian() * std);
    }
}
