package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.l2l4j.examples.ComparisonResults.Kind;
import org.l2l4j.examples.ComparisonResults.OptimizerResult;
import org.l2l4j.examples.plot.LineChart;

/** compare's curves: an early blow-up of one optimizer does not squash the others into the bottom of the axis. */
class CompareChartTest {

    private static OptimizerResult curve(String name, Kind kind, double... mean) {
        return new OptimizerResult(name, kind, kind == Kind.baseline ? 1.0 : null, mean, new double[mean.length], mean[mean.length - 1],
                new double[]{mean[mean.length - 1]});
    }

    private static LineChart chart(OptimizerResult... curves) {
        return CompareCommand.chart(new ComparisonResults("art", 3, 1, 1, "test", List.of(curves)));
    }

    @Test void theAxisStopsAtThreeTimesTheStartWhenACurveBlowsUpBeyondTenTimesIt() {
        LineChart cut = chart(curve("learned", Kind.learned, 2, 1, 0.5, 0.1), curve("rprop", Kind.baseline, 2, 3e4, 5, 0.1));
        assertEquals(OptionalDouble.of(6.0), cut.yAxisMax());
        assertTrue(cut.title().contains("axis cut at 3x the start"), cut.title());
    }

    @Test void anOvershootOfLessThanTenTimesTheStartIsDrawnWhole() {
        LineChart whole = chart(curve("learned", Kind.learned, 2, 1, 0.5, 0.1), curve("sgd", Kind.baseline, 2, 19.9, 1, 0.2),
                curve("diverged", Kind.baseline, 2, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN));
        assertEquals(OptionalDouble.empty(), whole.yAxisMax());
        assertFalse(whole.title().contains("cut"), whole.title());
    }
}
