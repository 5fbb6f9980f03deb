package org.l2l4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The per-coordinate state planes (n x K, column-major): h and c of each layer, in the order
 * h0, c0, h1, c1, ..., then the preprocessing's planes, if it keeps any. Views only: the planes may belong to DL4J's updater-state array, which
 * ModelSerializer restores by assignment, so no private copy may be kept.
 */
final class LstmState {
    final Block planes;
    final Block[] h, c;
    /** The preprocessing's planes (n x S view), or null when it keeps none. */
    final INDArray preprocessing;

    LstmState(LstmArchitecture arch, INDArray planes) {
        if (planes.rank() != 2 || planes.size(1) != arch.statePlanes())
            throw new IllegalArgumentException("LSTM state needs " + arch.statePlanes() + " planes per coordinate, got shape "
                    + java.util.Arrays.toString(planes.shape()));
        this.planes = Block.of(planes);
        int hidden = arch.hidden();
        h = new Block[arch.layers()];
        c = new Block[arch.layers()];
        for (int l = 0; l < arch.layers(); l++) {
            h[l] = this.planes.columns(2 * l * hidden, hidden);
            c[l] = this.planes.columns((2 * l + 1) * hidden, hidden);
        }
        int lstm = 2 * arch.layers() * hidden, extra = arch.preprocessing().statePlanes();
        preprocessing = extra == 0 ? null : planes.get(NDArrayIndex.all(), NDArrayIndex.interval(lstm, lstm + extra));
    }
}
