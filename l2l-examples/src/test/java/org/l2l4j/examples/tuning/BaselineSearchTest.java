package org.l2l4j.examples.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.core.baseline.LearningRateGrid;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

class BaselineSearchTest {
    static final ProblemFamily QUADRATIC = new QuadraticFamily(5);

    /** Every candidate Arbiter's grid generator makes from a space, in order. */
    static List<BaselineSetting> candidates(ParameterSpace<BaselineSetting> space, int gridSize) {
        var generator = new GridSearchCandidateGenerator(space, gridSize, GridSearchCandidateGenerator.Mode.Sequential, null);
        List<BaselineSetting> all = new ArrayList<>();
        while (generator.hasMoreCandidates()) all.add((BaselineSetting) generator.getCandidate().getValue());
        return all;
    }

    @Test void arbitersAdamHasTheUsualBetasAndEpsilon() {
        double[] grid = {1e-3, 1e-2, 1e-1};
        List<BaselineSetting> all = candidates(BaselineSpaces.of(Baseline.ADAM, grid), grid.length);
        assertEquals(grid.length, all.size());
        for (int i = 0; i < grid.length; i++) {
            var adam = (Adam) all.get(i).updater();
            assertEquals(grid[i], adam.getLearningRate(), 0.0);
            assertEquals(0.9, adam.getBeta1(), 0.0, "beta1 (beta7's one-argument AdamSpace would make it 1e-3)");
            assertEquals(0.999, adam.getBeta2(), 0.0, "beta2");
            assertEquals(1e-8, adam.getEpsilon(), 0.0, "epsilon");
            assertEquals(grid[i], all.get(i).learningRate(), 0.0);
        }
    }

    /** What Arbiter builds is exactly the baseline's canonical configuration at each learning rate. */
    @ParameterizedTest @EnumSource(Baseline.class)
    void arbitersUpdatersAreTheCanonicalOnes(Baseline baseline) {
        double[] grid = LearningRateGrid.paper();
        List<BaselineSetting> all = candidates(BaselineSpaces.of(baseline, grid), grid.length);
        assertEquals(grid.length, all.size(), "one candidate per grid point");
        for (int i = 0; i < grid.length; i++) {
            assertEquals(grid[i], all.get(i).learningRate(), 0.0);
            assertEquals(baseline.updater(grid[i]), all.get(i).updater(), baseline + " at " + grid[i]);
        }
    }

    @Test void aGridOfOnePointWorks() {
        List<BaselineSetting> all = candidates(BaselineSpaces.of(Baseline.SGD, new double[]{0.5}), 1);
        assertEquals(1, all.size());
        assertEquals(0.5, all.get(0).learningRate(), 0.0);
    }

    @ParameterizedTest @EnumSource(Baseline.class)
    void everyBaselineLowersAQuadraticOnceTuned(Baseline baseline) {
        var search = new BaselineSearch(QUADRATIC, 16, 50, 1, DataType.DOUBLE, 2);
        var result = search.run(baseline, LearningRateGrid.coarse(), done -> {});
        ProblemBatch batch = QUADRATIC.sample(1, Seeds.Purpose.TUNING, 0, 16, DataType.DOUBLE);
        double initial = Rollout.run(batch, (g, it, s) -> s.assign(0), 0).finalMean();
        assertTrue(result.bestScore() < 0.8 * initial, baseline + ": " + result.bestScore() + " vs " + initial);
        assertEquals(LearningRateGrid.coarse().length, result.candidates().size());
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < result.candidates().size(); i++) {
            var c = result.candidates().get(i);
            assertEquals(LearningRateGrid.coarse()[i], c.learningRate(), 0.0, "candidates in grid order");
            if (c.score() != null) best = Math.min(best, c.score());
        }
        assertEquals(best, result.bestScore(), 0.0, "the best is the lowest score");
    }

    @Test void divergedCandidatesAreRecordedAsFailed() {
        var result = new BaselineSearch(QUADRATIC, 8, 60, 1, DataType.DOUBLE, 2).run(Baseline.SGD, new double[]{1e-3, 1e3}, d -> {});
        assertEquals("ok", result.candidates().get(0).status());
        assertEquals("diverged", result.candidates().get(1).status());
        assertNull(result.candidates().get(1).score());
        assertEquals(1e-3, result.best().learningRate());
    }

    @Test void aSearchWhereEverythingDivergesHasNoBest() {
        var result = new BaselineSearch(QUADRATIC, 4, 60, 1, DataType.DOUBLE, 1).run(Baseline.SGD, new double[]{1e3, 1e4}, d -> {});
        assertNull(result.best());
        assertNull(TunedBaseline.of(result).bestSetting());
    }

    @Test void theTunerReusesFinishedSearchesAndIgnoresACorruptCacheFile(@TempDir Path cache) throws IOException {
        AtomicInteger samples = new AtomicInteger();
        ProblemFamily counting = new ProblemFamily() {
            @Override public String name() { return QUADRATIC.name(); }
            @Override public Map<String, Object> settings() { return QUADRATIC.settings(); }
            @Override public ProblemBatch sample(long s, Seeds.Purpose p, long f, int c, DataType t) {
                samples.incrementAndGet();
                return QUADRATIC.sample(s, p, f, c, t);
            }
        };
        var settings = new BaselineTuner.Settings(8, 30, 1, LearningRateGrid.coarse());
        TunedBaseline first = new BaselineTuner(counting, settings, cache, 2).tune(Baseline.ADAM, Progress.NONE);
        int afterFirst = samples.get();
        assertEquals(LearningRateGrid.coarse().length, afterFirst, "one sample of the tuning problems per candidate");
        TunedBaseline again = new BaselineTuner(counting, settings, cache, 2).tune(Baseline.ADAM, Progress.NONE);
        assertEquals(afterFirst, samples.get(), "served from the cache");
        assertEquals(first, again);

        // another horizon is another search
        new BaselineTuner(counting, new BaselineTuner.Settings(8, 31, 1, LearningRateGrid.coarse()), cache, 2)
                .tune(Baseline.ADAM, Progress.NONE);
        assertEquals(2 * afterFirst, samples.get());

        try (var files = Files.list(cache)) {
            for (Path f : files.toList()) Files.writeString(f, "{ not json");
        }
        TunedBaseline recomputed = new BaselineTuner(counting, settings, cache, 2).tune(Baseline.ADAM, Progress.NONE);
        assertEquals(3 * afterFirst, samples.get(), "a corrupt file is searched again");
        assertEquals(first, recomputed);
        assertNotNull(recomputed.bestSetting());
        assertEquals(first.best().learningRate(), ((Adam) recomputed.bestSetting().updater()).getLearningRate(), 0.0);
    }
}
