package org.l2l4j.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.HostMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The chunked, stacked-GEMM, vectorized LSTM layer against the textbook LSTM written out coordinate by
 * coordinate in double, on more coordinates than one chunk holds (with a partial last chunk), recording
 * and in place.
 */
class CoordinatewiseLstmTest {
    private static final int H = 5;

    @ParameterizedTest
    @CsvSource({"DOUBLE,1e-12", "FLOAT,2e-5"})
    void layerEqualsTheTextbookLstmAcrossChunks(DataType type, double tolerance) {
        int n = 2 * CellArithmetic.CHUNK + 37;
        var random = new SplittableRandom(5);
        var wide = new LstmArchitecture(1, H, new Preprocessing.MomentsAndGradient(0.9, 1e-8, 1), 0.1, false);   // 4 inputs
        int in = wide.inputSize(0);
        double[] phi = random.doubles(wide.parameterCount(), -1, 1).toArray();
        var p = new LstmParameters(wide, Nd4j.create(phi, new long[]{1, phi.length}, DataType.DOUBLE).castTo(type));
        double[][] u = matrix(random, n, in, 3), h0 = matrix(random, n, H, 1), c0 = matrix(random, n, H, 2);

        INDArray gates = HostMemory.planes(n, 4 * H, type), tanhC = HostMemory.planes(n, H, type);
        INDArray h = HostMemory.planes(n, H, type), c = HostMemory.planes(n, H, type);
        var work = new LayerWorkspace(wide, n, type);
        CoordinatewiseLstm.layer(p, 0, block(u, type), block(h0, type), block(c0, type), Block.of(gates), Block.of(tanhC),
                Block.of(h), Block.of(c), 0, n, work);

        // deployment: no record, h and c updated in place
        Block hInPlace = block(h0, type), cInPlace = block(c0, type);
        CoordinatewiseLstm.layer(p, 0, block(u, type), hInPlace, cInPlace, null, null, hInPlace, cInPlace, 0, n,
                new LayerWorkspace(wide, n, type));
        assertArrayEquals(h.ravel().toDoubleVector(), hInPlace.array.ravel().toDoubleVector(), 0.0, "in place and recorded h");
        assertArrayEquals(c.ravel().toDoubleVector(), cInPlace.array.ravel().toDoubleVector(), 0.0, "in place and recorded c");

        double[] weights = p.flat.toDoubleVector();   // as rounded to the type
        for (int i = 0; i < n; i++) {
            double[] z = new double[4 * H];
            for (int j = 0; j < 4 * H; j++) {
                double s = weights[offsetB(in) + j];
                for (int k = 0; k < in; k++) s += u[i][k] * weights[j * in + k];
                for (int k = 0; k < H; k++) s += h0[i][k] * weights[in * 4 * H + j * H + k];
                z[j] = s;
            }
            for (int j = 0; j < H; j++) {
                double ig = sigmoid(z[j]), fg = sigmoid(z[H + j]), gg = Math.tanh(z[2 * H + j]), og = sigmoid(z[3 * H + j]);
                double cc = fg * c0[i][j] + ig * gg;
                String at = "coordinate " + i + ", unit " + j;
                assertEquals(cc, c.getDouble(i, j), tolerance * (1 + Math.abs(cc)), at);
                assertEquals(og * Math.tanh(cc), h.getDouble(i, j), tolerance, at);
                assertEquals(Math.tanh(cc), tanhC.getDouble(i, j), tolerance, at);
                assertEquals(ig, gates.getDouble(i, j), tolerance, at);
                assertEquals(fg, gates.getDouble(i, H + j), tolerance, at);
                assertEquals(gg, gates.getDouble(i, 2 * H + j), tolerance, at);
                assertEquals(og, gates.getDouble(i, 3 * H + j), tolerance, at);
            }
        }
    }

    private static int offsetB(int in) {
        return (in + H) * 4 * H;   // Wx, then Wh, then b (LstmParameters' layout)
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double[][] matrix(SplittableRandom random, int rows, int cols, double amplitude) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int j = 0; j < cols; j++) row[j] = random.nextDouble(-amplitude, amplitude);
        return m;
    }

    private static Block block(double[][] m, DataType type) {
        return Block.of(Nd4j.create(m).castTo(type).dup('f'));
    }
}
