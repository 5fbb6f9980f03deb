package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The element-wise part of one LSTM layer on a chunk of at most {@link #CHUNK} coordinates: from the
 * pre-activations z = u Wx + h_prev Wh (4H columns, i f g o) to the activated gates, c = f c_prev + i g,
 * tanh(c) and h = o tanh(c). One unit's planes at a time are copied into Java arrays
 * and back, so the loops in between are simple enough for HotSpot to vectorize. An instance holds
 * those arrays: one per LSTM step rule or unroll, never shared between threads.
 */
sealed interface CellArithmetic permits FloatCell, DoubleCell {
    /** Coordinates per chunk: a chunk's 4H gate planes (160 KB in float at H = 20) stay in cache. */
    int CHUNK = 512;

    static CellArithmetic of(DataType type) {
        return switch (type) {
            case FLOAT -> new FloatCell();
            case DOUBLE -> new DoubleCell();
            default -> throw new IllegalArgumentException("learned optimizers compute in FLOAT or DOUBLE, not " + type);
        };
    }

    /**
     * @param bias  4H gate biases; {@code z}: m x 4H pre-activations (read only); the other blocks m x H.
     *              {@code hOut}/{@code cOut} may be the previous state's blocks (in-place deployment).
     * @param gates receives the activated gates (m x 4H) and {@code tanhC} tanh(c) when recording for the
     *              backward pass; both null when deploying, which writes only c and h
     */
    void apply(Block bias, Block z, Block cPrev, Block gates, Block tanhC, Block hOut, Block cOut);

    /**
     * The backward pass of {@link #apply} on a chunk: from dL/dh and the dL/dc carried from the step after,
     * the pre-activation gradients dz (m x 4H) and the dL/dc carried to the step before (written over dc).
     * {@code gates} and {@code tanhC} are what {@link #apply} recorded.
     */
    void backward(Block gates, Block tanhC, Block cPrev, Block dh, Block dc, Block dz);

    /**
     * The linear output on a chunk: step = factor * (scale * (hTop Wo + bo [+ inputs Ws])), each product of the
     * sums accumulated over the columns in order in the type, then rounded once for scale and once for factor
     * (factor 1: no second rounding). {@code inputs}/{@code ws} are null without an input skip. A plain loop
     * per column, since a GEMM with one output column costs more in OpenBLAS's call and packing than the
     * arithmetic.
     */
    void output(Block hTop, Block wo, double bo, Block inputs, Block ws, double scale, double factor, Block step);
}
