package org.l2l4j.core.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random scaling (Lv et al. 2017, "Learning gradient descent: better generalization and longer
 * horizons"): every meta-training instance f(theta) becomes g(phi) = f(c * phi), with a fresh random c per
 * coordinate, log-uniform in [1/range, range]. The optimizer sees grad g = c * grad f(c * phi) and steps in
 * phi, so it meets gradients and curvatures spread over range^2 and range^4 and must adapt its step to
 * each coordinate's scale, as it must on the first layer of a deeper net, whose gradients are ~100x smaller
 * than those of the net it was trained on.
 *
 * <p>The transformation is a change of variables, so losses are unchanged and the meta-gradient stays
 * exact. Validation and test instances are left unscaled: early stopping and every reported number
 * measure the family itself.
 *
 * @param family the family scaled
 * @param range  largest factor (and inverse of the smallest); 1 would scale nothing
 */
public record RandomScaling(ProblemFamily family, double range) implements ProblemFamily {

    public RandomScaling {
        requireRange(range);
    }

    /** {@code range}, if it is one: a finite factor above 1 (checked before any work by the command line too). */
    public static double requireRange(double range) {
        if (!(range > 1) || !Double.isFinite(range))
            throw new IllegalArgumentException("random scaling range must be a finite factor > 1, got " + range);
        return range;
    }

    @Override public String name() { return family.name(); }

    @Override public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>(family.settings());
        s.put("randomScaling", range);
        return s;
    }

    @Override
    public ProblemBatch sample(long runSeed, Seeds.Purpose purpose, long firstIndex, int count, DataType type) {
        ProblemBatch inner = family.sample(runSeed, purpose, firstIndex, count, type);
        if (purpose != Seeds.Purpose.META_TRAINING) return inner;
        long d = inner.dimension();
        double logRange = Math.log(range);
        double[] c = new double[Math.toIntExact(count * d)];
        for (int k = 0; k < count; k++) {
            // its own stream per instance, apart from the instance's own draws
            var rng = new SplittableRandom(Seeds.mix(Seeds.instance(runSeed, purpose, firstIndex + k) ^ 0x5CA1E5L));
            for (int j = 0; j < d; j++) c[Math.toIntExact(k * d + j)] = Math.exp(rng.nextDouble(-logRange, logRange));
        }
        INDArray factors = Nd4j.create(c, new long[]{c.length, 1}, type).dup('f');
        return new Scaled(inner, factors, factors.ulike());
    }

    /** f(c * phi): theta_0 / c to start, gradients times c; {@code theta} is scratch for c * phi. */
    private record Scaled(ProblemBatch inner, INDArray c, INDArray theta) implements ProblemBatch {
        @Override public int instances() { return inner.instances(); }

        @Override public long dimension() { return inner.dimension(); }

        @Override public INDArray initialParameters() { return inner.initialParameters().divi(c); }

        @Override public ParameterGroups groups() { return inner.groups(); }

        @Override public void evaluate(int step, INDArray phi, INDArray losses, INDArray gradient) {
            inner.evaluate(step, theta.assign(phi).muli(c), losses, gradient);   // no allocation per step
            gradient.muli(c);
        }
    }
}
