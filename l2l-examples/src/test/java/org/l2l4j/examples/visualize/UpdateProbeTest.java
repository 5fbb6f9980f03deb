package org.l2l4j.examples.visualize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.core.baseline.BaselineRule;
import org.l2l4j.core.host.NativeThreads;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.examples.mnist.MnistDigits;
import org.l2l4j.examples.mnist.MnistMlp;
import org.l2l4j.examples.tuning.BaselineSetting;
import org.l2l4j.examples.tuning.Progress;
import org.l2l4j.zoo.OptimizerZoo;
import org.l2l4j.zoo.ZooEntry;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every zoo entry (plain LSTM, LSTM+GAC, NTM-L-BFGS) on a quadratic and on a small MNIST network: the figures'
 * numbers against independent computations of the same things, bit for bit.
 */
class UpdateProbeTest {
    private static final DataType TYPE = DataType.FLOAT;
    private static final int STEPS = 6;
    private static final int[] SWEEP_STEPS = {0, 2, 5};
    private static final double SGD_RATE = 0.05, ADAM_RATE = 0.02;

    record Case(String name, TrainedOptimizer optimizer, ProblemFamily family, Visualization v) {
        ProblemBatch instance() { return family.sample(3, Seeds.Purpose.TEST, 1, 1, TYPE); }
    }

    private static final List<Case> CASES = new ArrayList<>();

    @BeforeAll static void probeEveryZooEntryOnBothFamilies() {
        NativeThreads.singleThreaded();
        List<ProblemFamily> families = List.of(QuadraticFamily.paper(),
                new MnistMlp(4, 1, Activation.SIGMOID).family(MnistDigits.bundled()));
        for (ZooEntry e : OptimizerZoo.list()) {
            TrainedOptimizer optimizer = OptimizerZoo.zoo(e.id());
            for (ProblemFamily family : families) {
                var c = new Case("zoo:" + e.id() + " on " + family.name(), optimizer, family, null);
                var settings = new UpdateProbe.Settings(STEPS, null, 2, SWEEP_STEPS, 7, null);
                var about = new Visualization.Instance(family.name(), family.settings(), "test", 3, 1, c.instance().dimension());
                Visualization v = UpdateProbe.run("learned", optimizer, c.instance(), about, references(), settings, TYPE, Progress.NONE);
                CASES.add(new Case(c.name(), optimizer, family, v));
            }
        }
        assertTrue(CASES.size() >= 8, "the four bundled entries on two families at least");
    }

    private static List<UpdateProbe.Reference> references() {
        return List.of(new UpdateProbe.Reference("sgd", new BaselineSetting(Baseline.SGD, SGD_RATE, Baseline.SGD.updater(SGD_RATE))),
                new UpdateProbe.Reference("adam", new BaselineSetting(Baseline.ADAM, ADAM_RATE, Baseline.ADAM.updater(ADAM_RATE))));
    }

    /** Figure 10's defining property: the curve passes through the step actually taken, at the gradient actually read. */
    @Test void theSweptCurveAtTheObservedGradientIsTheStepTakenBitForBit() {
        for (Case c : CASES)
            for (Visualization.Coordinate coordinate : c.v().coordinates()) {
                assertEquals(SWEEP_STEPS.length, coordinate.sweeps().size());
                for (Visualization.Sweep s : coordinate.sweeps()) {
                    String where = c.name() + ", coordinate " + coordinate.index() + ", step " + s.step();
                    assertEquals(coordinate.gradient()[s.step()], s.observedGradient(), 0.0, where);
                    assertEquals(s.observedGradient(), s.gradient()[s.observedIndex()], 0.0, where);
                    assertEquals(coordinate.updates().get("learned")[s.step()], s.takenStep(), 0.0, where);
                    assertEquals(s.takenStep(), s.updates().get("learned")[s.observedIndex()], 0.0, where);
                    // and the baselines' curves pass through their proposals of Figure 9
                    for (String b : List.of("sgd", "adam"))
                        assertEquals(coordinate.updates().get(b)[s.step()], s.updates().get(b)[s.observedIndex()], 0.0, where + ", " + b);
                    assertTrue(s.gradient().length >= 7, where);
                    for (int j = 1; j < s.gradient().length; j++) assertTrue(s.gradient()[j] > s.gradient()[j - 1], where + ": sorted");
                }
            }
    }

    /** Sweeping works on copies: the trajectory, the loss at every step, is a plain rollout's. */
    @Test void theTrajectoryIsAPlainRolloutsBitForBit() {
        for (Case c : CASES) {
            ProblemBatch instance = c.instance();
            double[] plain = Rollout.run(instance, c.optimizer().newStepRule(instance.dimension(), TYPE), STEPS).losses()[0];
            assertArrayEquals(plain, c.v().loss(), 0.0, c.name());
        }
    }

    /**
     * Figure 9's baselines: each one's proposals are what its own StepRule proposes from the learned optimizer's
     * gradient sequence (recorded here in full from a plain rollout), its steps not taken; and the learned optimizer's
     * are the steps of that rollout.
     */
    @Test void theBaselinesProposeWhatTheirStepRulesProposeFromTheSameGradients() {
        for (Case c : CASES) {
            ProblemBatch instance = c.instance();
            long n = instance.dimension();
            var learned = c.optimizer().newStepRule(n, TYPE);
            Map<String, BaselineRule> rules = new LinkedHashMap<>();
            for (var r : references()) rules.put(r.name(), r.setting().rule(n, TYPE));
            Map<String, double[][]> expected = new LinkedHashMap<>();
            List<Visualization.Coordinate> coordinates = c.v().coordinates();
            for (String name : List.of("learned", "sgd", "adam")) expected.put(name, new double[coordinates.size()][STEPS]);
            INDArray proposal = Nd4j.zeros(TYPE, n, 1);
            Rollout.run(instance, (gradient, t, step) -> {
                learned.propose(gradient, t, step);
                record(expected.get("learned"), coordinates, t, step);
                rules.forEach((name, rule) -> {
                    rule.propose(gradient, t, proposal);
                    record(expected.get(name), coordinates, t, proposal);
                });
            }, STEPS);
            for (int i = 0; i < coordinates.size(); i++)
                for (String name : expected.keySet())
                    assertArrayEquals(expected.get(name)[i], coordinates.get(i).updates().get(name), 0.0,
                            c.name() + ", coordinate " + coordinates.get(i).index() + ", " + name);
        }
    }

    private static void record(double[][] into, List<Visualization.Coordinate> coordinates, int t, INDArray step) {
        for (int i = 0; i < coordinates.size(); i++) into[i][t] = step.getDouble(coordinates.get(i).index());
    }

    @Test void theCurvesAreNotConstantAndTheCoordinatesAreTheRulesChoice() {
        for (Case c : CASES) {
            var coordinates = c.v().coordinates();
            assertEquals(2, coordinates.size(), c.name());
            assertEquals(0, coordinates.get(0).rank(), c.name() + ": the busiest coordinate first");
            assertTrue(coordinates.get(1).rank() > 0, c.name());
            for (var coordinate : coordinates) {
                var adam = coordinate.sweeps().get(1).updates().get("adam");
                assertTrue(adam[0] > 0 && adam[adam.length - 1] < 0, c.name() + ": Adam steps against the gradient");
                double[] learned = coordinate.sweeps().get(1).updates().get("learned");
                assertFalse(learned[0] == learned[learned.length - 1], c.name() + ": the learned proposal depends on the gradient");
                        assertEquals(UpdateProbe.SWEEP_HALF_WIDTH * max(coordinate.gradient()), coordinate.sweepHalfWidth(), 0.0,
                        c.name() + ": the range follows the coordinate's largest gradient");
            }
        }
    }

    private static double max(double[] values) {
        double max = 0;
        for (double v : values) max = Math.max(max, Math.abs(v));
        return max;
    }

    /** A problem whose gradient is a fixed vector, whatever theta: the survey's statistics are known exactly. */
    private static ProblemBatch constantGradient(double... g) {
        return new ProblemBatch() {
            @Override public int instances() { return 1; }
            @Override public long dimension() { return g.length; }
            @Override public INDArray initialParameters() { return Nd4j.zeros(TYPE, g.length, 1).dup('f'); }
            @Override public void evaluate(int step, INDArray theta, INDArray losses, INDArray gradient) {
                losses.assign(1);
                gradient.assign(Nd4j.create(g, new long[]{g.length, 1}, TYPE));
            }
        };
    }

    @Test void theCoordinateRuleSpreadsOverTheCoordinatesThatMoveOrderedByRmsGradient() {
        var survey = GradientSurvey.run(constantGradient(0, 3, 1, 0, 2, 5, -4), (g, t, step) -> step.assign(0), 4);
        // by |gradient|: 5 (5), 6 (4), 1 (3), 4 (2), 2 (1); 0 and 3 never move
        assertEquals(5, survey.activeCoordinates());
        assertArrayEquals(new long[]{5}, survey.spread(1));
        assertArrayEquals(new long[]{5, 4}, survey.spread(2), "ranks 0 and round(5 / 2) = 3");
        assertArrayEquals(new long[]{5, 6, 1, 4, 2}, survey.spread(5));
        assertEquals(2, survey.rank(1));
        assertEquals(-1, survey.rank(0));
        assertEquals(4, survey.rms(6), 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> survey.spread(6));
        assertEquals("cannot choose 6 coordinates: 5 of the 7 have a non-zero gradient along the trajectory", e.getMessage());
    }

    @Test void settingsRefuseStepsOutsideTheTrajectoryAndCoordinatesOutsideTheProblem() {
        var e = assertThrows(IllegalArgumentException.class, () -> new UpdateProbe.Settings(10, null, 2, new int[]{0, 10}, 5, null));
        assertEquals("sweep step 10 is not a step of the trajectory: steps are 0 .. 9 (--steps 10)", e.getMessage());
        var settings = new UpdateProbe.Settings(10, new long[]{3, 12}, 0, new int[]{0}, 5, null);
        e = assertThrows(IllegalArgumentException.class, () -> settings.checkCoordinates(12, "quadratic"));
        assertEquals("coordinate 12 is not a coordinate of the quadratic problem, which has 12 (0 .. 11)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new UpdateProbe.Settings(10, new long[]{3, 3}, 0, new int[]{0}, 5, null));
        assertThrows(IllegalArgumentException.class, () -> new UpdateProbe.Settings(10, null, 2, new int[]{0}, 5, -1.0));
        assertArrayEquals(new int[]{0, 1, 10, 50}, UpdateProbe.Settings.defaultSweepSteps(100));
        assertArrayEquals(new int[]{0, 1, 2}, UpdateProbe.Settings.defaultSweepSteps(5));
        assertArrayEquals(new int[]{0}, UpdateProbe.Settings.defaultSweepSteps(1));
    }

    @Test void theObservedGradientIsInsertedInOrderOnce() {
        assertArrayEquals(new double[]{-1, 0, 0.25, 1}, ProposalRecorder.withObserved(new double[]{-1, 0, 1}, 0.25), 0.0);
        assertArrayEquals(new double[]{-1, 0, 1}, ProposalRecorder.withObserved(new double[]{-1, 0, 1}, 0), 0.0);
        assertArrayEquals(new double[]{-1, 0, 1, 3}, ProposalRecorder.withObserved(new double[]{-1, 0, 1}, 3), 0.0);
    }
}
