package org.l2l4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.InvalidOptimizerFileException;
import org.l2l4j.core.TrainedOptimizerFile;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/** NaN and infinite gradients, state arrays of the wrong size or type, and bad optimizer files. */
class BadInputTest {
    @TempDir Path dir;

    static INDArray randomGradient(long n, DataType type) {
        return Nd4j.rand(type, 1, n).subi(0.5);
    }

    /** An updater over n coordinates, stepped a few times so that its state is not all zeros. */
    static GradientUpdater<?> warmedUp(INDArray view, long n) {
        GradientUpdater<?> u = new LearnedUpdater(TestOptimizers.zooPaper()).instantiate(view, true);
        for (int i = 0; i < 3; i++) u.applyUpdater(randomGradient(n, view.dataType()), i, 0);
        return u;
    }

    @Test
    void aNanOrInfiniteGradientIsRefusedBeforeTheStateIsTouched() {
        long n = 50;
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            INDArray view = Nd4j.zeros(DataType.FLOAT, 1, 80 * n);
            var u = warmedUp(view, n);
            double[] stateBefore = view.toDoubleVector();
            INDArray g = randomGradient(n, DataType.FLOAT);
            g.putScalar(0, 17, bad);
            g.putScalar(0, 31, Double.NaN);
            double[] gradientBefore = g.toDoubleVector();
            var e = assertThrows(NonFiniteGradientException.class, () -> u.applyUpdater(g, 3, 0));
            assertEquals(17, e.index(), "the first bad index");
            assertEquals(n, e.blockSize());
            assertTrue(e.getMessage().contains("index 17") && e.getMessage().contains("zoo:test-paper"), e.getMessage());
            assertArrayEquals(stateBefore, view.toDoubleVector(), 0.0, "state untouched");
            assertArrayEquals(gradientBefore, g.toDoubleVector(), 0.0, "gradient untouched");
        }
    }

    /** A block's gradient is a view of the network's flattened gradient: the whole of it is checked, the block first. */
    @Test
    void theCheckReadsTheBlockFirstThenTheWholeArrayItIsAViewOf() {
        long n = 30;
        var u = new LearnedUpdater(TestOptimizers.zooSmall());
        INDArray full = randomGradient(n + 50, DataType.FLOAT);
        INDArray block = full.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(40, 40 + n));
        u.instantiate(Nd4j.zeros(DataType.FLOAT, 1, 8 * n), true).applyUpdater(block, 0, 0);
        full.putScalar(0, 40 + n, Double.NaN);       // just after the block
        var e = assertThrows(NonFiniteGradientException.class,
                () -> u.instantiate(Nd4j.zeros(DataType.FLOAT, 1, 8 * n), true).applyUpdater(block, 0, 0));
        assertEquals(-1, e.index(), "not in the block");
        assertEquals(40 + n, e.flattenedIndex());
        assertTrue(e.getMessage().contains("in a later updater block"), e.getMessage());
        full.putScalar(0, 39, Double.NaN);           // just before it
        e = assertThrows(NonFiniteGradientException.class,
                () -> u.instantiate(Nd4j.zeros(DataType.FLOAT, 1, 8 * n), true).applyUpdater(block, 0, 0));
        assertEquals(39, e.flattenedIndex());
        assertTrue(e.getMessage().contains("in an updater block before this one"), e.getMessage());
        block.putScalar(0, 7, Double.POSITIVE_INFINITY);
        e = assertThrows(NonFiniteGradientException.class,
                () -> u.instantiate(Nd4j.zeros(DataType.FLOAT, 1, 8 * n), true).applyUpdater(block, 0, 0));
        assertEquals(7, e.index(), "the block's own bad value first");
        assertEquals(40, e.blockOffset(), "offset in the flattened array the block is a view of");

        // a strided gradient (a column of a row-major matrix) is updated through a copy, with the same result
        INDArray matrix = Nd4j.zeros(DataType.DOUBLE, n, 3);
        INDArray strided = matrix.getColumn(1, true);
        INDArray contiguous = randomGradient(n, DataType.DOUBLE).reshape(n, 1);
        strided.assign(contiguous);
        u.instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 8 * n), true).applyUpdater(contiguous, 0, 0);
        u.instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 8 * n), true).applyUpdater(strided, 0, 0);
        assertArrayEquals(contiguous.toDoubleVector(), strided.toDoubleVector(), 0.0);
        assertEquals(0.0, matrix.getColumn(0).sumNumber().doubleValue(), "neighbouring columns untouched");
        matrix.putScalar(4, 1, Double.NaN);
        e = assertThrows(NonFiniteGradientException.class,
                () -> u.instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 8 * n), true).applyUpdater(strided, 0, 0));
        assertEquals(4, e.index());
    }

    @Test
    void finiteGradientsWhoseSumOverflowsAreAccepted() {
        long n = 8;
        INDArray view = Nd4j.zeros(DataType.FLOAT, 1, 80 * n);
        var u = new LearnedUpdater(TestOptimizers.zooPaper()).instantiate(view, true);
        INDArray g = Nd4j.valueArrayOf(new long[]{1, n}, 3e38f, DataType.FLOAT);   // sums to +inf in float
        u.applyUpdater(g, 0, 0);
        assertTrue(Double.isFinite(g.sumNumber().doubleValue()), "a finite update");
    }

    @Test
    void inANetworkTheBadIndexIsNamedInFlattenedParametersAndNothingMoves() {
        var net = Nets.mln(Nets.Updaters.global(new LearnedUpdater(TestOptimizers.zooPaper())), DataType.FLOAT,
                WorkspaceMode.ENABLED);
        net.fit(Nets.batch(0, DataType.FLOAT));
        double[] params = net.params().toDoubleVector(), state = net.getUpdater().getStateViewArray().toDoubleVector();
        var data = Nets.batch(1, DataType.FLOAT);
        data.getFeatures().putScalar(3, 2, Double.NaN);
        var e = assertThrows(NonFiniteGradientException.class, () -> net.fit(data));
        assertEquals(0, e.blockOffset(), "the network's only block starts at parameter 0");
        assertArrayEquals(params, net.params().toDoubleVector(), 0.0);
        assertArrayEquals(state, net.getUpdater().getStateViewArray().toDoubleVector(), 0.0);
        net.fit(Nets.batch(2, DataType.FLOAT));   // and training goes on with clean data
        assertTrue(Double.isFinite(net.score()));
    }

    @Test
    void aStateArrayOfAnotherArchitectureOrSizeIsAClearError() {
        var u = new LearnedUpdater(TestOptimizers.zooPaper());
        // 8 planes per parameter: saved with the small architecture
        var e = assertThrows(IllegalArgumentException.class, () -> u.instantiate(Nd4j.zeros(DataType.FLOAT, 1, 8 * 15), false));
        assertTrue(e.getMessage().contains("multiple of 80") && e.getMessage().contains("another architecture"), e.getMessage());
        var direct = new LearnedGradientUpdater(u, u.optimizer(), "test");
        e = assertThrows(IllegalArgumentException.class,
                () -> direct.setStateViewArray(Nd4j.zeros(DataType.FLOAT, 1, 80 * 10), new long[]{1, 11}, 'c', true));
        assertTrue(e.getMessage().contains("11 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> u.instantiate(Map.of("m", Nd4j.zeros(DataType.FLOAT, 10, 80)), true));
        assertTrue(e.getMessage().contains("planes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> u.instantiate(Nd4j.zeros(DataType.HALF, 1, 80 * 4), true));
        assertTrue(e.getMessage().contains("FLOAT or DOUBLE"), e.getMessage());
        var g = u.instantiate(Nd4j.zeros(DataType.FLOAT, 1, 80 * 4), true);
        e = assertThrows(IllegalArgumentException.class, () -> g.applyUpdater(Nd4j.zeros(DataType.FLOAT, 1, 5), 0, 0));
        assertTrue(e.getMessage().contains("4 parameters"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.applyUpdater(Nd4j.zeros(DataType.DOUBLE, 1, 4), 0, 0));
        assertTrue(e.getMessage().contains("DOUBLE"), e.getMessage());
    }

    @Test
    void aStateArrayThatIsNotOneContiguousBlockIsRefusedRatherThanCopied() {
        var u = new LearnedUpdater(TestOptimizers.zooSmall());
        INDArray rowOfMatrix = Nd4j.zeros(DataType.FLOAT, 2, 8 * 5).getRow(0, true).transpose().transpose();
        INDArray columnOfMatrix = Nd4j.zeros(DataType.FLOAT, 8 * 5, 2).getColumn(1, true);   // stride 2
        var e = assertThrows(IllegalArgumentException.class, () -> u.instantiate(columnOfMatrix, true));
        assertTrue(e.getMessage().contains("contiguous"), e.getMessage());
        u.instantiate(rowOfMatrix, true);   // a contiguous row of a 'c' matrix is fine
    }

    @Test
    void badOptimizerFilesAreClearErrors() throws Exception {
        Path missing = dir.resolve("missing.l2l");
        var io = assertThrows(UncheckedIOException.class, () -> new LearnedUpdater(missing));
        assertTrue(io.getMessage().contains("missing.l2l"));

        Path foreign = dir.resolve("foreign.l2l");
        Files.writeString(foreign, "{\"not\": \"an optimizer\"}");
        var e = assertThrows(InvalidOptimizerFileException.class, () -> new LearnedUpdater(foreign));
        assertTrue(e.getMessage().contains("foreign.l2l") && e.getMessage().contains("magic"), e.getMessage());

        Path corrupt = dir.resolve("corrupt.l2l");
        byte[] bytes = TrainedOptimizerFile.toBytes(TestOptimizers.ownSmall());
        bytes[bytes.length / 2] ^= 1;
        Files.write(corrupt, bytes);
        e = assertThrows(InvalidOptimizerFileException.class, () -> new LearnedUpdater(corrupt));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());

        Path good = dir.resolve("good.l2l");
        TrainedOptimizerFile.write(TestOptimizers.ownSmall(), good);
        var fromFile = new LearnedUpdater(good);
        assertEquals(new LearnedUpdater(TestOptimizers.ownSmall()), fromFile);
        assertEquals(TestOptimizers.ownSmall(), fromFile.optimizer());
    }
}
