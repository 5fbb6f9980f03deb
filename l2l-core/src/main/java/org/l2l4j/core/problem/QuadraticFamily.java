package org.l2l4j.core.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.l2l4j.core.host.Block;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The paper's synthetic family (section 3.1): f(theta) = ||W theta - y||^2 with W (d x d), y and
 * theta_0 drawn IID standard Gaussian; d = 10 in the paper.
 */
public record QuadraticFamily(int dimension) implements ProblemFamily {

    public QuadraticFamily {
        if (dimension < 1) throw new IllegalArgumentException("quadratic dimension must be positive, got " + dimension);
    }

    public static QuadraticFamily paper() { return new QuadraticFamily(10); }

    @Override public String name() { return "quadratic"; }

    @Override public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("dimension", dimension);
        s.put("distribution", "W, y, theta0 ~ N(0, 1) IID");
        return s;
    }

    @Override
    public ProblemBatch sample(long runSeed, Seeds.Purpose purpose, long firstIndex, int count, DataType type) {
        int d = dimension;
        double[] w = new double[count * d * d], y = new double[count * d], theta0 = new double[count * d];
        for (int k = 0; k < count; k++) {
            // one generator per instance: instance k is the same in any batch
            var rng = new SplittableRandom(Seeds.instance(runSeed, purpose, firstIndex + k));
            for (int j = 0; j < d * d; j++) w[k * d * d + j] = rng.nextGaussian();
            for (int j = 0; j < d; j++) y[k * d + j] = rng.nextGaussian();
            for (int j = 0; j < d; j++) theta0[k * d + j] = rng.nextGaussian();
        }
        return new Batch(count, d, w, y, Nd4j.create(theta0, new long[]{(long) count * d, 1}, type).dup('f'));
    }

    /**
     * The batch computes in plain loops: a 10 x 10 matrix-vector product per instance is far below
     * the size where an ND4J op pays for its dispatch.
     */
    private record Batch(int instances, int d, double[] w, double[] y, INDArray theta0) implements ProblemBatch {
        @Override public long dimension() { return d; }

        @Override public INDArray initialParameters() { return theta0.dup('f'); }

        @Override public void evaluate(int step, INDArray theta, INDArray losses, INDArray gradient) {
            Block t = Block.of(theta), g = Block.of(gradient), l = Block.of(losses);
            double[] r = new double[d];
            for (int k = 0; k < instances; k++) {
                int wk = k * d * d, base = k * d;
                double loss = 0;
                for (int i = 0; i < d; i++) {
                    double sum = -y[base + i];
                    for (int j = 0; j < d; j++) sum += w[wk + i * d + j] * t.get(base + j);
                    r[i] = sum;
                    loss += sum * sum;
                }
                for (int j = 0; j < d; j++) {
                    double sum = 0;
                    for (int i = 0; i < d; i++) sum += w[wk + i * d + j] * r[i];
                    g.put(base + j, 2 * sum);
                }
                l.put(k, loss);
            }
        }
    }
}
