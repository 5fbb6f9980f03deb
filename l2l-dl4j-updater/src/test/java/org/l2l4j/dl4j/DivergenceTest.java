package org.l2l4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** A diverging network shows before it is a NaN: the learned updater warns, and DivergenceListener warns or stops. */
class DivergenceTest {

    /** What slf4j-simple (the tests' logger) writes to stderr while {@code r} runs. */
    static String stderrOf(Runnable r) {
        var captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true));
        try {
            r.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString();
    }

    @Test void growthIsReportedOncePerFurtherFactorAndShrinkingNever() {
        var watch = new GrowthWatch(1e3, 10);
        List<Double> reports = new ArrayList<>();
        double[] values = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 900, 2000, 3000, 1e6, 2.5e6, 1e-3, Double.NaN, 3e9};
        for (double v : values) {
            OptionalDouble r = watch.observe(v);
            r.ifPresent(reports::add);
        }
        assertEquals(List.of(2000.0, 2.5e6, 3e9), reports);
        assertEquals(1.0, watch.reference(), 0.0);
    }

    @Test void aLearnedUpdaterWarnsWhenItsGradientExplodesLongBeforeANan() {
        long n = 40;
        var u = new LearnedUpdater(TestOptimizers.ownMoments()).instantiate(Nd4j.zeros(DataType.FLOAT, 1, 11 * n), true);
        String quiet = stderrOf(() -> {
            for (int i = 0; i < 30; i++) u.applyUpdater(BadInputTest.randomGradient(n, DataType.FLOAT), i, 0);
        });
        assertTrue(!quiet.contains("diverging"), quiet);
        String loud = stderrOf(() -> {
            for (int i = 30; i < 40; i++) u.applyUpdater(BadInputTest.randomGradient(n, DataType.FLOAT).muli(Math.pow(10, i - 28)), i, 0);
        });
        List<String> warnings = loud.lines().filter(l -> l.contains("may be diverging")).toList();
        assertFalse(warnings.isEmpty(), "a warning: " + loud);
        assertTrue(warnings.get(0).contains("at iteration 31 its update is"), warnings.toString());
        assertTrue(warnings.size() <= 3, "rate-limited: " + warnings);
    }

    @Test void theListenerStopsANonFiniteScoreBeforeAnyUpdaterRuns() {
        // Adam alone: no learned block whose guard would refuse the step
        var net = Nets.mln(Nets.Updaters.global(new Adam(1e-2)), DataType.FLOAT, WorkspaceMode.ENABLED);
        net.addListeners(new DivergenceListener(DivergenceListener.Action.STOP));
        for (int i = 0; i < 3; i++) net.fit(Nets.batch(i, DataType.FLOAT));
        double[] params = net.params().toDoubleVector(), state = net.getUpdater().getStateViewArray().toDoubleVector();
        DataSet bad = Nets.batch(3, DataType.FLOAT);
        bad.getLabels().putScalar(2, 0, Double.POSITIVE_INFINITY);

        var e = assertThrows(TrainingDivergedException.class, () -> net.fit(bad));

        assertTrue(e.getMessage().contains("the score is Infinity") || e.getMessage().contains("the score is NaN"), e.getMessage());
        assertArrayEquals(params, net.params().toDoubleVector(), 0.0);
        assertArrayEquals(state, net.getUpdater().getStateViewArray().toDoubleVector(), 0.0);
        net.fit(Nets.batch(4, DataType.FLOAT));
    }

    @Test void theListenerWarnsOrStopsWhenTheScoreExplodes() {
        for (var action : DivergenceListener.Action.values()) {
            var net = Nets.mln(Nets.Updaters.global(new Adam(1e-2)), DataType.FLOAT, WorkspaceMode.ENABLED);
            net.addListeners(new DivergenceListener(action));
            for (int i = 0; i < 10; i++) net.fit(Nets.batch(i, DataType.FLOAT));
            DataSet far = Nets.batch(10, DataType.FLOAT);
            INDArray labels = far.getLabels();
            labels.muli(1e3);   // a loss a million times the first ones
            if (action == DivergenceListener.Action.STOP) {
                var e = assertThrows(TrainingDivergedException.class, () -> net.fit(far));
                assertTrue(e.getMessage().contains("times the mean of its first scores"), e.getMessage());
            } else {
                String log = stderrOf(() -> {
                    net.fit(far);
                    net.fit(far);
                });
                assertEquals(1, log.lines().filter(l -> l.contains("training is diverging")).count(), log);
            }
        }
    }
}
