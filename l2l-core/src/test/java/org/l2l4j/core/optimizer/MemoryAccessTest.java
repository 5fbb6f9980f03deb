package org.l2l4j.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.host.Block;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The windowed read equals the dense matrix it stands for: i = (I + (1/N) sum_k a_k b_k^T) r in every set. */
class MemoryAccessTest {

    @Test
    void readEqualsTheDenseMemoryProductInEachSet() {
        int sets = 2, size = 5, n = sets * size, pairs = 4;
        var random = new SplittableRandom(11);
        INDArray a = Nd4j.create(random.doubles((long) n * pairs, -1, 1).toArray(), new long[]{n, pairs}, 'f');
        INDArray b = Nd4j.create(random.doubles((long) n * pairs, -1, 1).toArray(), new long[]{n, pairs}, 'f');
        INDArray r = Nd4j.create(random.doubles(n, -1, 1).toArray(), new long[]{n, 1}, 'f');
        INDArray i = Nd4j.zeros(DataType.DOUBLE, n, 1).dup('f');
        MemoryAccess.read(Block.of(r), Block.of(a), Block.of(b), Block.of(i), size);

        double[] expected = new double[n];
        for (int s = 0; s < sets; s++) {
            double[][] m = new double[size][size];
            for (int x = 0; x < size; x++) {
                m[x][x] = 1;
                for (int y = 0; y < size; y++)
                    for (int k = 0; k < pairs; k++)
                        m[x][y] += a.getDouble(s * size + x, k) * b.getDouble(s * size + y, k) / size;
            }
            for (int x = 0; x < size; x++)
                for (int y = 0; y < size; y++) expected[s * size + x] += m[x][y] * r.getDouble(s * size + y);
        }
        assertArrayEquals(expected, i.toDoubleVector(), 1e-12);
    }
}
