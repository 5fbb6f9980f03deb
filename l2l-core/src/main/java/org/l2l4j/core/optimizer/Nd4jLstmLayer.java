package org.l2l4j.core.optimizer;

import static org.l2l4j.core.optimizer.Nd4jViews.columns;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One layer of the coordinatewise LSTM as ND4J operations on all n coordinates at once, its state h and c
 * updated in place: {@link CoordinatewiseLstm#layer} for any backend. Two GEMMs and a bias broadcast give the
 * pre-activations z = u Wx + h_prev Wh + b (n x 4H, column-major, gates i f g o side by side, so i and f are
 * one contiguous block), then eight element-wise operations in place on views of z and the state; with global
 * averaging cells, a mean per parameter set and a broadcast copy. Eleven operations per layer (thirteen with
 * global cells), whatever n.
 */
final class Nd4jLstmLayer {
    private final INDArray wx, wh, b;
    private final INDArray h, c;
    private final INDArray z, inputForget, input, forget, cell, output;
    /** The global cells' h as setSize x (sets * cells), each column one set's values of one cell; null without. */
    private final INDArray global;
    private final INDArray means;

    /**
     * @param h this layer's h plane, n x H, a view of the state (written in place); {@code c} likewise
     * @param z scratch n x 4H, column-major; layers may share it
     */
    Nd4jLstmLayer(Nd4jParameters p, int l, INDArray h, INDArray c, INDArray z, int globalCells, long setSize) {
        this.wx = p.wx[l];
        this.wh = p.wh[l];
        this.b = p.b[l];
        this.h = h;
        this.c = c;
        this.z = z;
        int units = (int) h.size(1);
        inputForget = columns(z, 0, 2 * units);
        input = columns(z, 0, units);
        forget = columns(z, units, units);
        cell = columns(z, 2 * units, units);
        output = columns(z, 3 * units, units);
        if (globalCells == 0) {
            global = means = null;
        } else {
            long n = h.size(0), sets = n / setSize;
            INDArray cells = columns(h, units - globalCells, globalCells);
            global = Nd4jViews.reshaped(cells, setSize, sets * globalCells);
            means = Nd4j.createUninitialized(h.dataType(), sets * globalCells);
        }
    }

    /** One step: reads u (n x inputs) and the previous h, c; leaves the new h, c in the state. */
    void forward(INDArray u) {
        Nd4j.gemm(u, wx, z, false, false, 1, 0);
        Nd4j.gemm(h, wh, z, false, false, 1, 1);
        z.addiRowVector(b);
        Transforms.sigmoid(inputForget, false);
        Transforms.tanh(cell, false);
        Transforms.sigmoid(output, false);
        input.muli(cell);                      // i g
        c.muli(forget).addi(input);            // c = f c + i g
        Nd4j.exec(new Tanh(c, cell));          // tanh(c), over g's columns, which are spent
        Nd4j.exec(new MulOp(output, cell, h)); // h = o tanh(c)
        if (global != null) {
            Nd4j.exec(new Mean(global, means, 0));
            Nd4j.exec(new BroadcastCopyOp(global, means, global, 1));
        }
    }
}
