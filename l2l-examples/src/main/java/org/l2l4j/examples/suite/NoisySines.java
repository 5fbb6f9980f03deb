package org.l2l4j.examples.suite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generated sequences for next-value prediction: x_t = a sin(w t + p) + noise, with amplitude a ~ U(0.5,
 * 1.5), angular frequency w ~ U(0.1, 0.6) per step, phase p ~ U(0, 2 pi) and Gaussian noise of standard
 * deviation {@value #NOISE} (so an MSE of about {@value #NOISE}^2 is the floor). Features x_0..x_{L-1}, labels
 * x_1..x_L, both shaped n x 1 x L as DL4J's recurrent layers take them.
 */
record NoisySines(int length, long seed) {
    static final double NOISE = 0.1;

    DataSet sample(int count, long stream) {
        var rng = new SplittableRandom(seed * 31 + stream);
        float[] x = new float[count * length], y = new float[count * length];
        for (int i = 0; i < count; i++) {
            double a = 0.5 + rng.nextDouble(), w = 0.1 + 0.5 * rng.nextDouble(), p = 2 * Math.PI * rng.nextDouble();
            double previous = a * Math.sin(p) + NOISE * rng.nextGaussian();
            for (int t = 0; t < length; t++) {
                double next = a * Math.sin(w * (t + 1) + p) + NOISE * rng.nextGaussian();
                x[i * length + t] = (float) previous;
                y[i * length + t] = (float) next;
                previous = next;
            }
        }
        long[] shape = {count, 1, length};
        return new DataSet(Nd4j.create(x, shape, 'c').castTo(DataType.FLOAT), Nd4j.create(y, shape, 'c').castTo(DataType.FLOAT));
    }

    InMemoryData minibatches(int train, int heldOut, int batch) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("data", "generated noisy sines, length " + length + ", noise sd " + NOISE + ", data seed " + seed);
        source.put("split", train + " sequences train, " + heldOut + " other sequences held out");
        return new InMemoryData(sample(train, 0), sample(heldOut, 1), batch, source);
    }
}
