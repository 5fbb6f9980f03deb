package org.l2l4j.core;

/** {@link CellArithmetic} in float, with {@link RationalTanh}: every loop below compiles to SIMD code. */
final class FloatCell implements CellArithmetic {
    private final float[] i = new float[CHUNK], f = new float[CHUNK], g = new float[CHUNK], o = new float[CHUNK];
    private final float[] c = new float[CHUNK], tanhC = new float[CHUNK], h = new float[CHUNK];

    @Override
    public void apply(Block bias, Block z, Block cPrev, Block gates, Block tanhCOut, Block hOut, Block cOut) {
        int m = z.rows, units = cPrev.cols;
        for (int j = 0; j < units; j++) {
            Raw.load(z.column(j), i, m);
            Raw.load(z.column(units + j), f, m);
            Raw.load(z.column(2 * units + j), g, m);
            Raw.load(z.column(3 * units + j), o, m);
            Raw.load(cPrev.column(j), c, m);
            sigmoid(i, m, (float) bias.get(j));
            sigmoid(f, m, (float) bias.get(units + j));
            tanh(g, m, (float) bias.get(2 * units + j));
            sigmoid(o, m, (float) bias.get(3 * units + j));
            for (int k = 0; k < m; k++) c[k] = f[k] * c[k] + i[k] * g[k];
            for (int k = 0; k < m; k++) {
                float t = RationalTanh.tanh(c[k]);
                tanhC[k] = t;
                h[k] = o[k] * t;
            }
            Raw.store(c, m, cOut.column(j));
            Raw.store(h, m, hOut.column(j));
            if (gates != null) {
                Raw.store(i, m, gates.column(j));
                Raw.store(f, m, gates.column(units + j));
                Raw.store(g, m, gates.column(2 * units + j));
                Raw.store(o, m, gates.column(3 * units + j));
                Raw.store(tanhC, m, tanhCOut.column(j));
            }
        }
    }

    private static void sigmoid(float[] x, int m, float bias) {
        for (int k = 0; k < m; k++) x[k] = RationalTanh.sigmoid(x[k] + bias);
    }

    private static void tanh(float[] x, int m, float bias) {
        for (int k = 0; k < m; k++) x[k] = RationalTanh.tanh(x[k] + bias);
    }
}
