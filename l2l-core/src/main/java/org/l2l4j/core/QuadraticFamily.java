package org.l2l4j.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
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
        return new Batch(count, d,
                Nd4j.create(w, new long[]{count, d, d}, type),
                Nd4j.create(y, new long[]{count, d, 1}, type),
                Nd4j.create(theta0, new long[]{(long) count * d, 1}, type));
    }

    private record Batch(int instances, int d, INDArray w, INDArray y, INDArray theta0) implements ProblemBatch {
        @Override public long dimension() { return d; }

        @Override public INDArray initialParameters() { return theta0.dup('f'); }

        @Override public void evaluate(int step, INDArray theta, INDArray losses, INDArray gradient) {
            INDArray t = theta.dup('c').reshape('c', instances, d, 1);
            INDArray residual = Nd4j.matmul(w, t).subi(y);                 // (B, d, 1)
            INDArray g = Nd4j.matmul(w, residual, true, false, false).muli(2.0);   // 2 W^T r
            gradient.assign(g.reshape('c', (long) instances * d, 1));
            losses.assign(residual.mul(residual).sum(1, 2).reshape(instances, 1));
        }
    }
}
