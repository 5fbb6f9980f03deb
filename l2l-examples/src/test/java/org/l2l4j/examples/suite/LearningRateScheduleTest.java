package org.l2l4j.examples.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.l2l4j.dl4j.LearnedUpdater;
import org.l2l4j.zoo.OptimizerZoo;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/** The --schedule spec: what it reads, what it refuses, and that DL4J follows it for Adam and a learned optimizer. */
class LearningRateScheduleTest {

    @Test void aStepMultipliesFromItsIterationOn() {
        ISchedule s = LearningRateSchedule.parse("step:0.1@1000").times(1e-3);
        assertEquals(1e-3, s.valueAt(0, 0));
        assertEquals(1e-3, s.valueAt(999, 0));
        assertEquals(1e-4, s.valueAt(1000, 0), 1e-18);
        assertEquals(1e-4, s.valueAt(5000, 0), 1e-18, "once: not every 1000 iterations");
        ISchedule two = LearningRateSchedule.parse(" step:0.5@10, 0.25@20").times(2);
        assertEquals(2, two.valueAt(9, 0));
        assertEquals(1, two.valueAt(10, 0));
        assertEquals(0.5, two.valueAt(25, 0));
    }

    @Test void aFirstStepAtIterationZeroIsAWarmUp() {
        ISchedule warm = LearningRateSchedule.parse("step:0.1@0,1@20").times(1e-3);
        assertEquals(1e-4, warm.valueAt(0, 0), 1e-18, "the first update already at the first factor");
        assertEquals(1e-4, warm.valueAt(19, 0), 1e-18);
        assertEquals(1e-3, warm.valueAt(20, 0), 1e-18);
        assertEquals(1e-3, warm.valueAt(3000, 0), 1e-18);
    }

    @Test void anExponentialMultipliesByGammaPerIteration() {
        ISchedule s = LearningRateSchedule.parse("exp:0.999").times(1e-3);
        assertEquals(1e-3, s.valueAt(0, 0), 1e-18);
        assertEquals(1e-3 * Math.pow(0.999, 700), s.valueAt(700, 0), 1e-12);
    }

    @Test void theSpecIsWrittenBackAsRead() {
        for (String spec : List.of("step:0.1@1000", "step:0@5", "step:0.1@0,1@20", "step:0.5@10,0.25@20", "exp:0.999", "exp:1"))
            assertEquals(spec, LearningRateSchedule.parse(spec).spec());
    }

    @Test void badSpecsAreRefusedNamingTheSpecAndTheProblem() {
        String[][] cases = {
                {"step:0.1", "not FACTOR@ITERATION"}, {"step:x@5", "not a number"}, {"step:0.1@1e3", "not a number"},
                {"step:0.1@-1", "iteration must be >= 0"}, {"step:0.1@0,1@0", "iterations must increase"}, {"step:-1@5", "factor must be finite and >= 0"},
                {"step:0.5@10,0.1@5", "iterations must increase"}, {"step:", "not FACTOR@ITERATION"},
                {"exp:1.5", "(0, 1]"}, {"exp:0", "(0, 1]"}, {"exp:NaN", "(0, 1]"}, {"cosine:100", "neither step:"}, {"", "neither"}};
        for (String[] c : cases) {
            var e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains("'" + c[0] + "'") && e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }

    @Test void anUpdatersOwnRateIsTheBaseMultiplied() {
        var schedule = LearningRateSchedule.parse("step:0.1@3");
        IUpdater adam = schedule.applyTo(new Adam(1e-2));
        assertEquals(1e-2, adam.getLearningRate(2, 0));
        assertEquals(1e-3, adam.getLearningRate(3, 0), 1e-15);
        IUpdater learned = schedule.applyTo(new LearnedUpdater(OptimizerZoo.zoo("general")).withLearningRate(0.5));
        assertEquals(0.5, learned.getLearningRate(0, 0));
        assertEquals(0.05, learned.getLearningRate(3, 0), 1e-15);
        assertEquals(1e-2, new Adam(1e-2).getLearningRate(3, 0), "the given updater is not changed");
        var e = assertThrows(IllegalArgumentException.class, () -> schedule.applyTo(new AdaDelta()));
        assertTrue(e.getMessage().contains("no learning rate"), e.getMessage());
    }

    /** Parameters after every iteration of one fit (DL4J calls iterationDone after params -= update). */
    private static List<float[]> parametersAfterEachIteration(Task task, IUpdater updater) {
        Model net = task.network().build(updater, 3);
        List<float[]> params = new ArrayList<>();
        net.setListeners(new BaseTrainingListener() {
            @Override public void iterationDone(Model model, int iteration, int epoch) { params.add(model.params().dup().data().asFloat()); }
        });
        task.network().fit(net, new Bounded(task.data().train(3), task.iterations()));
        return params;
    }

    private static double maxChange(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }

    /**
     * step:0@K: K updates at the full rate (iterations 0..K-1), then none; the control without the schedule moves on.
     * DL4J's Adam at learning rate 0 still moves parameters by up to about 7e-8 per iteration (its Sgd and Nesterovs
     * do not), so for Adam "stops" means at most 1e-6, against the 1e-2 per iteration it moves at its rate; the
     * learned optimizer's update is exactly zero.
     */
    @Test void stepToZeroStopsTheParametersAfterIterationKForAdamAndALearnedOptimizer() {
        int k = 5;
        var stop = LearningRateSchedule.parse("step:0@" + k);
        Task task = TinyTasks.digits();
        for (IUpdater u : List.<IUpdater>of(new Adam(1e-2), new LearnedUpdater(OptimizerZoo.zoo("general")))) {
            double tolerance = u instanceof LearnedUpdater ? 0 : 1e-6;
            List<float[]> scheduled = parametersAfterEachIteration(task, stop.applyTo(u));
            List<float[]> constant = parametersAfterEachIteration(task, u);
            assertEquals(task.iterations(), scheduled.size());
            for (int i = 1; i < k; i++)
                assertTrue(maxChange(scheduled.get(i), scheduled.get(i - 1)) > 1e-3, u + ": moves at iteration " + i);
            for (int i = k; i < task.iterations(); i++)
                assertTrue(maxChange(scheduled.get(i), scheduled.get(i - 1)) <= tolerance,
                        u + ": no update from iteration " + k + " on; at " + i + " " + maxChange(scheduled.get(i), scheduled.get(i - 1)));
            assertArrayEquals(constant.get(k - 1), scheduled.get(k - 1), u + ": the schedule is 1 before iteration " + k);
            for (int i = k; i < task.iterations(); i++)
                assertTrue(maxChange(constant.get(i), constant.get(i - 1)) > 1e-3, u + ": without it, training goes on (" + i + ")");
        }
    }
}
