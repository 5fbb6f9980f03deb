package org.l2l4j.examples.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.deeplearning4j.arbiter.conf.updater.AdaGradSpace;
import org.deeplearning4j.arbiter.conf.updater.AdamSpace;
import org.deeplearning4j.arbiter.conf.updater.NesterovsSpace;
import org.deeplearning4j.arbiter.conf.updater.RmsPropSpace;
import org.deeplearning4j.arbiter.conf.updater.SgdSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.core.baseline.Rprop;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Arbiter search spaces for the baselines: the learning rate over a grid, everything else fixed at its
 * usual default. Built from Arbiter's own updater spaces where it has one, avoiding beta7's traps (DESIGN
 * section 4): AdamSpace's one-argument form sets beta1, beta2 and epsilon to 1e-3, so every value is given
 * as a FixedValue; a grid of one point is a FixedValue, as a one-valued DiscreteParameterSpace breaks
 * Arbiter's indexing. Arbiter has no AdaDelta or Rprop space: those use {@link Space} with our factory.
 */
final class BaselineSpaces {
    private BaselineSpaces() {}

    static ParameterSpace<BaselineSetting> of(Baseline baseline, double[] grid) {
        if (grid.length == 0) throw new IllegalArgumentException("empty learning-rate grid");
        ParameterSpace<Double> rate = grid.length == 1 ? new FixedValue<>(grid[0])
                : new DiscreteParameterSpace<>(Arrays.stream(grid).boxed().toArray(Double[]::new));
        ParameterSpace<IUpdater> updater = switch (baseline) {
            case SGD -> new SgdSpace(rate);
            case NAG -> new NesterovsSpace(rate, new FixedValue<>(0.9));
            case RMSPROP -> new RmsPropSpace(rate);
            case ADAM -> new AdamSpace(rate, new FixedValue<>(0.9), new FixedValue<>(0.999), new FixedValue<>(1e-8));
            case ADAGRAD -> new AdaGradSpace(rate);
            case ADADELTA -> new FixedValue<>(new AdaDelta());
            case RPROP -> updaterOf(rate, Rprop::new);
        };
        return new Space(baseline, rate, updater);
    }

    /** An updater made from the learning rate by a factory. */
    private static ParameterSpace<IUpdater> updaterOf(ParameterSpace<Double> rate, DoubleFunction<IUpdater> factory) {
        return new ParameterSpace<>() {
            @Override public IUpdater getValue(double[] input) { return factory.apply(rate.getValue(input)); }
            @Override public int numParameters() { return 0; }
            @Override public List<ParameterSpace> collectLeaves() { return rate.collectLeaves(); }
            @Override public Map<String, ParameterSpace> getNestedSpaces() { return Map.of("learningRate", rate); }
            @Override public boolean isLeaf() { return false; }
            @Override public void setIndices(int... indices) {
                throw new UnsupportedOperationException("not a leaf: Arbiter indexes the learning rate itself");
            }
        };
    }

    /**
     * Pairs the updater with the learning rate it was built with. The rate is the one leaf, shared with
     * the updater's space, so both always see the same grid point.
     */
    private record Space(Baseline baseline, ParameterSpace<Double> rate, ParameterSpace<IUpdater> updater)
            implements ParameterSpace<BaselineSetting> {
        @Override public BaselineSetting getValue(double[] input) {
            return new BaselineSetting(baseline, rate.getValue(input), updater.getValue(input));
        }

        @Override public int numParameters() { return 0; }

        @Override public List<ParameterSpace> collectLeaves() {
            List<ParameterSpace> leaves = new ArrayList<>(rate.collectLeaves());
            for (ParameterSpace p : updater.collectLeaves()) if (leaves.stream().noneMatch(l -> l == p)) leaves.add(p);
            return leaves;
        }

        @Override public Map<String, ParameterSpace> getNestedSpaces() {
            Map<String, ParameterSpace> nested = new LinkedHashMap<>();
            nested.put("learningRate", rate);
            nested.put("updater", updater);
            return nested;
        }

        @Override public boolean isLeaf() { return false; }

        @Override public void setIndices(int... indices) {
            throw new UnsupportedOperationException("not a leaf: Arbiter indexes the learning rate itself");
        }
    }
}
