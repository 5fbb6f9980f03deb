package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.Raw;

/**
 * {@link CellArithmetic} in double with the exact functions: the precision the finite-difference checks
 * run in, where speed matters less than in float. It mirrors {@link FloatCell} line for line, since the
 * loops must run over primitive arrays to vectorize and Java has no generics over primitives; the tests
 * holding the two together are CoordinatewiseLstmTest (both against the textbook LSTM) and
 * MetaGradientTest (float meta-gradient against double).
 */
final class DoubleCell implements CellArithmetic {
    private final double[] i = new double[CHUNK], f = new double[CHUNK], g = new double[CHUNK], o = new double[CHUNK];
    private final double[] c = new double[CHUNK], tanhC = new double[CHUNK], h = new double[CHUNK];
    private final double[] dc = new double[CHUNK], dzi = new double[CHUNK], dzf = new double[CHUNK], dzg = new double[CHUNK],
            dzo = new double[CHUNK];
    private final double[] acc = new double[CHUNK];

    @Override
    public void apply(Block bias, Block z, Block cPrev, Block gates, Block tanhCOut, Block hOut, Block cOut) {
        int m = z.rows, units = cPrev.cols;
        for (int j = 0; j < units; j++) {
            loadGates(z, j, units, m);
            Raw.load(cPrev.column(j), c, m);
            sigmoid(i, m, bias.get(j));
            sigmoid(f, m, bias.get(units + j));
            tanh(g, m, bias.get(2 * units + j));
            sigmoid(o, m, bias.get(3 * units + j));
            for (int k = 0; k < m; k++) c[k] = f[k] * c[k] + i[k] * g[k];
            for (int k = 0; k < m; k++) {
                double t = Math.tanh(c[k]);
                tanhC[k] = t;
                h[k] = o[k] * t;
            }
            Raw.store(c, m, cOut.column(j));
            Raw.store(h, m, hOut.column(j));
            if (gates != null) {
                storeGates(gates, j, units, m);
                Raw.store(tanhC, m, tanhCOut.column(j));
            }
        }
    }

    @Override
    public void backward(Block gates, Block tanhCIn, Block cPrev, Block dhIn, Block dcInOut, Block dz) {
        int m = gates.rows, units = cPrev.cols;
        for (int j = 0; j < units; j++) {
            loadGates(gates, j, units, m);
            Raw.load(tanhCIn.column(j), tanhC, m);
            Raw.load(cPrev.column(j), c, m);
            Raw.load(dhIn.column(j), h, m);
            Raw.load(dcInOut.column(j), dc, m);
            for (int k = 0; k < m; k++) dc[k] += h[k] * o[k] * (1 - tanhC[k] * tanhC[k]);   // through h = o tanh(c)
            for (int k = 0; k < m; k++) dzi[k] = dc[k] * g[k] * i[k] * (1 - i[k]);
            for (int k = 0; k < m; k++) dzf[k] = dc[k] * c[k] * f[k] * (1 - f[k]);
            for (int k = 0; k < m; k++) dzg[k] = dc[k] * i[k] * (1 - g[k] * g[k]);
            for (int k = 0; k < m; k++) dzo[k] = h[k] * tanhC[k] * o[k] * (1 - o[k]);
            for (int k = 0; k < m; k++) dc[k] *= f[k];                                              // carried to t - 1
            Raw.store(dzi, m, dz.column(j));
            Raw.store(dzf, m, dz.column(units + j));
            Raw.store(dzg, m, dz.column(2 * units + j));
            Raw.store(dzo, m, dz.column(3 * units + j));
            Raw.store(dc, m, dcInOut.column(j));
        }
    }

    @Override
    public void output(Block hTop, Block wo, double bo, Block inputs, Block ws, double scale, double factor, Block step) {
        int m = hTop.rows;
        java.util.Arrays.fill(acc, 0, m, 0);
        accumulate(hTop, wo, m);
        if (ws != null) accumulate(inputs, ws, m);
        double k = factor;
        for (int r = 0; r < m; r++) {
            double s = (scale * (acc[r] + bo));
            acc[r] = factor == 1 ? s : k * s;
        }
        Raw.store(acc, m, step.address);
    }

    /** acc += x w over x's columns in order (x: m rows, w: one weight per column). */
    private void accumulate(Block x, Block w, int m) {
        for (int j = 0; j < x.cols; j++) {
            Raw.load(x.column(j), h, m);
            double wj = w.get(j);
            for (int r = 0; r < m; r++) acc[r] += h[r] * wj;
        }
    }

    /** Unit j's four gate planes (columns j, H + j, 2H + j, 3H + j of {@code from}) into i, f, g, o. */
    private void loadGates(Block from, int j, int units, int m) {
        Raw.load(from.column(j), i, m);
        Raw.load(from.column(units + j), f, m);
        Raw.load(from.column(2 * units + j), g, m);
        Raw.load(from.column(3 * units + j), o, m);
    }

    private void storeGates(Block to, int j, int units, int m) {
        Raw.store(i, m, to.column(j));
        Raw.store(f, m, to.column(units + j));
        Raw.store(g, m, to.column(2 * units + j));
        Raw.store(o, m, to.column(3 * units + j));
    }

    private static void sigmoid(double[] x, int m, double bias) {
        for (int k = 0; k < m; k++) x[k] = 1 / (1 + Math.exp(-(x[k] + bias)));
    }

    private static void tanh(double[] x, int m, double bias) {
        for (int k = 0; k < m; k++) x[k] = Math.tanh(x[k] + bias);
    }
}
