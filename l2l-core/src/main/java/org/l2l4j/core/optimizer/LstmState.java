package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The per-coordinate state planes (n x K, column-major): h and c of each layer, in the order
 * h0, c0, h1, c1, ..., then the preprocessing's planes, if it keeps any, then the memory's (the a and b
 * of every pair, the last read result, the slot to write next), if there is one. Views only: the planes may belong to DL4J's updater-state array, which
 * ModelSerializer restores by assignment, so no private copy may be kept.
 */
final class LstmState {
    final Block planes;
    final Block[] h, c;
    /** The preprocessing's planes (n x S view), or null when it keeps none. */
    final INDArray preprocessing;
    final Block preprocessingPlanes;
    /** The memory's planes, or null without a memory: the pairs' a and b (n x pairs each), read result, next slot. */
    final Block memoryA, memoryB, read, slot;
    /** The memory's planes as one view (n x memory planes), or null. */
    final INDArray memory;
    final Block memoryPlanes;

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
        preprocessingPlanes = extra == 0 ? null : this.planes.columns(lstm, extra);
        LowRankMemory m = arch.memory();
        if (m == null) {
            memoryA = memoryB = read = slot = null;
            memory = null;
            memoryPlanes = null;
        } else {
            int first = lstm + extra, pairs = m.pairs();
            memoryA = this.planes.columns(first, pairs);
            memoryB = this.planes.columns(first + pairs, pairs);
            read = this.planes.columns(first + 2 * pairs, 1);
            slot = this.planes.columns(first + 2 * pairs + 1, 1);
            memory = planes.get(NDArrayIndex.all(), NDArrayIndex.interval(first, first + m.statePlanes()));
            memoryPlanes = this.planes.columns(first, m.statePlanes());
        }
    }
}
