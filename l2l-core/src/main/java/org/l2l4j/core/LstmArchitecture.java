package org.l2l4j.core;

import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonInclude;

/**
 * The coordinatewise LSTM optimizer of the paper (section 2.1): {@code layers} LSTM layers of
 * {@code hidden} units and a linear output, the same weights for every coordinate, one hidden state
 * per coordinate. The step proposed is {@code outputScale * output}.
 *
 * <p>With {@code inputSkip}, the output also has a linear path from the preprocessed inputs (one weight
 * per input feature, zero at the start): with moments inputs that path alone is an Adam-like rule whose
 * step size is learned, and the LSTM learns what to add to it. Not in the paper; see the MNIST notes.
 *
 * @param layers        number of stacked LSTM layers (the paper: 2)
 * @param hidden        units per layer (the paper: 20)
 * @param preprocessing how a gradient coordinate becomes the network's input
 * @param outputScale   constant multiplying the network output (paper: 0.1 on MNIST, 1 on quadratics)
 * @param inputSkip     whether the output also reads the inputs linearly
 */
public record LstmArchitecture(int layers, int hidden, Preprocessing preprocessing, double outputScale,
                               // left out of JSON when false: files written before it existed keep their bytes and checksums
                               @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean inputSkip) {

    public LstmArchitecture {
        if (layers < 1) throw new IllegalArgumentException("an LSTM optimizer needs at least one layer, got " + layers);
        if (hidden < 1) throw new IllegalArgumentException("an LSTM optimizer needs at least one hidden unit, got " + hidden);
        Objects.requireNonNull(preprocessing, "preprocessing");
        if (!Double.isFinite(outputScale) || outputScale == 0)
            throw new IllegalArgumentException("output scale must be finite and non-zero, got " + outputScale);
    }

    /** The paper's form: no linear path from the inputs. */
    public LstmArchitecture(int layers, int hidden, Preprocessing preprocessing, double outputScale) {
        this(layers, hidden, preprocessing, outputScale, false);
    }

    /** The paper's set-up: 2 layers of 20 units. */
    public static LstmArchitecture paper(Preprocessing preprocessing, double outputScale) {
        return new LstmArchitecture(2, 20, preprocessing, outputScale);
    }

    int inputSize(int layer) {
        return layer == 0 ? preprocessing.inputSize() : hidden;
    }

    /** Number of meta-parameters phi. */
    public int parameterCount() {
        int count = 0;
        for (int l = 0; l < layers; l++) count += (inputSize(l) + hidden + 1) * 4 * hidden;
        return count + hidden + 1 + (inputSkip ? preprocessing.inputSize() : 0);
    }

    /** Per-coordinate state planes: h and c of every layer, then the preprocessing's own. */
    public int statePlanes() {
        return 2 * layers * hidden + preprocessing.statePlanes();
    }
}
