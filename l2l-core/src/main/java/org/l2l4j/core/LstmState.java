package org.l2l4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-coordinate state planes (n x 2LH, column-major): h and c of each layer, in the order
 * h0, c0, h1, c1, ... Blocks only: the planes may belong to DL4J's updater-state array, which
 * ModelSerializer restores by assignment, so no private copy may be kept.
 */
final class LstmState {
    final Block planes;
    final Block[] h, c;

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
    }
}
