package org.l2l4j.core.problem.art;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The neural-art loss and its gradient to the pixels: against SameDiff's automatic differentiation of the same
 * loss written independently, and against central finite differences in double precision, on small images, with
 * mean and max pooling and two filter sizes.
 */
class NeuralArtFamilyTest {

    static RgbImage noise(String name, int side, long seed) {
        var rng = new SplittableRandom(seed);
        float[] p = new float[3 * side * side];
        for (int i = 0; i < p.length; i++) p[i] = (float) rng.nextDouble();
        return new RgbImage(name, side, side, p);
    }

    /** conv 3x3 (3 -> 4), max pool, conv 5x5 (4 -> 5), mean pool, conv 3x3 (5 -> 6), with biases: every code path. */
    static FeatureNetwork mixed() {
        var rng = new SplittableRandom(11);
        List<FeatureNetwork.Layer> layers = new ArrayList<>();
        int[][] convs = {{3, 3, 4}, {5, 4, 5}, {3, 5, 6}};
        for (int i = 0; i < convs.length; i++) {
            int k = convs[i][0], in = convs[i][1], out = convs[i][2];
            float[] w = new float[out * in * k * k], b = new float[out];
            for (int j = 0; j < w.length; j++) w[j] = (float) (rng.nextGaussian() / Math.sqrt(in * k * k));
            for (int j = 0; j < b.length; j++) b[j] = (float) (0.1 * rng.nextGaussian());
            layers.add(new FeatureNetwork.Convolution("c" + i, k, in, out, w, b));
            if (i < 2) layers.add(new FeatureNetwork.Pooling("p" + i, i == 0));
        }
        return new FeatureNetwork(java.util.Map.of("network", "test"), 2, new double[]{0.4, 0.5, 0.6}, layers, "c1", List.of("c0", "c1", "c2"));
    }

    static NeuralArtFamily family(int size, FeatureNetwork net, int styleSide) {
        var crops = new ContentCrops(List.of(noise("a", 2 * size, 1), noise("b", 2 * size + 3, 2)));
        return new NeuralArtFamily(size, noise("style", styleSide, 3), Split.shared(crops), net,
                new NeuralArtFamily.LossWeights(1, 30, 0.5), 0.1);
    }

    private static double[] evaluate(ProblemBatch batch, INDArray theta, INDArray gradient) {
        INDArray losses = Nd4j.zeros(theta.dataType(), batch.instances(), 1);
        batch.evaluate(0, theta, losses, gradient);
        return losses.toDoubleVector();
    }

    @Test
    void lossAndGradientAreSameDiffsAutomaticDifferentiation() {
        for (var family : List.of(family(12, mixed(), 20), family(16, FeatureNetwork.random(5, 3, new int[]{4, 6, 8}, 2), 16))) {
            for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
                int n = 3;
                ProblemBatch batch = family.sample(1, Seeds.Purpose.TEST, 0, n, type);
                INDArray theta = batch.initialParameters();
                INDArray gradient = Nd4j.zeros(type, theta.length(), 1).dup('f');
                double[] losses = evaluate(batch, theta, gradient);

                int s = family.size();
                INDArray contents = Nd4j.create(type, n, 3, s, s);
                for (int k = 0; k < n; k++)
                    contents.get(org.nd4j.linalg.indexing.NDArrayIndex.point(k)).assign(
                            Nd4j.create(family.contentImage(1, Seeds.Purpose.TEST, k).planes(), new long[]{3, s, s}, 'c').castTo(type));
                RgbImage style = family.styleImage();
                var reference = new SameDiffArtLoss(family, n, type).evaluate(theta.reshape('c', n, 3, s, s), contents,
                        Nd4j.create(style.planes(), new long[]{1, 3, style.height(), style.width()}, 'c').castTo(type));
                double tolerance = type == DataType.DOUBLE ? 1e-10 : 2e-4;
                for (int k = 0; k < n; k++)
                    assertEquals(reference.losses()[k], losses[k], tolerance * Math.abs(reference.losses()[k]), type + " loss of image " + k);
                double[] mine = gradient.toDoubleVector(), theirs = reference.gradient().reshape('c', theta.length(), 1).toDoubleVector();
                double scale = 0, worst = 0;
                for (double v : theirs) scale = Math.max(scale, Math.abs(v));
                for (int i = 0; i < mine.length; i++) worst = Math.max(worst, Math.abs(mine[i] - theirs[i]) / scale);
                assertTrue(worst < tolerance, type + ": gradient differs from SameDiff's by " + worst + " of its largest element");
            }
        }
    }

    @Test
    void gradientMatchesCentralDifferencesInDouble() {
        NeuralArtFamily family = family(8, mixed(), 12);
        ProblemBatch batch = family.sample(2, Seeds.Purpose.META_TRAINING, 0, 2, DataType.DOUBLE);
        INDArray theta = batch.initialParameters();
        long n = theta.length();
        INDArray gradient = Nd4j.zeros(DataType.DOUBLE, n, 1).dup('f'), scratch = gradient.dup('f');
        evaluate(batch, theta, gradient);
        double worst = 0, h = 1e-5;
        for (long i = 0; i < n; i++) {
            double v = theta.getDouble(i);
            theta.putScalar(i, v + h);
            double plus = sum(evaluate(batch, theta, scratch));
            theta.putScalar(i, v - h);
            double minus = sum(evaluate(batch, theta, scratch));
            theta.putScalar(i, v);
            double fd = (plus - minus) / (2 * h), g = gradient.getDouble(i);
            worst = Math.max(worst, Math.abs(fd - g) / Math.max(1e-4, Math.max(Math.abs(fd), Math.abs(g))));
        }
        assertTrue(worst < 1e-6, "worst relative difference to central differences " + worst);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    @Test
    void anInstanceIsTheSameInAnyBatchAndStartsNearItsContent() {
        NeuralArtFamily family = family(8, mixed(), 12);
        ProblemBatch three = family.sample(4, Seeds.Purpose.VALIDATION, 0, 3, DataType.DOUBLE);
        ProblemBatch alone = family.sample(4, Seeds.Purpose.VALIDATION, 2, 1, DataType.DOUBLE);
        long d = three.dimension();
        INDArray all = three.initialParameters(), last = alone.initialParameters();
        assertArrayEquals(last.toDoubleVector(), all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2 * d, 3 * d)).toDoubleVector());
        INDArray g3 = Nd4j.zeros(DataType.DOUBLE, 3 * d, 1).dup('f'), g1 = Nd4j.zeros(DataType.DOUBLE, d, 1).dup('f');
        assertEquals(evaluate(three, all, g3)[2], evaluate(alone, last, g1)[0], 1e-12);
        assertArrayEquals(g1.toDoubleVector(), g3.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2 * d, 3 * d)).toDoubleVector(), 1e-12);

        float[] content = family.contentImage(4, Seeds.Purpose.VALIDATION, 2).planes();
        double squares = 0;
        for (int i = 0; i < content.length; i++) squares += Math.pow(last.getDouble(i) - content[i], 2);
        assertEquals(family.noise(), Math.sqrt(squares / content.length), 0.02, "the start is the content image plus N(0, noise^2)");
    }
}
