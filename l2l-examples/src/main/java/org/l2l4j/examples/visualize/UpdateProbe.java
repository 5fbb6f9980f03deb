package org.l2l4j.examples.visualize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.baseline.BaselineRule;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.examples.tuning.BaselineSetting;
import org.l2l4j.examples.tuning.Progress;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The paper's section 4 for one problem instance: what a learned optimizer proposes for chosen coordinates
 * along its own trajectory, next to what baselines would propose from the same gradients (Figure 9), and how
 * its proposal depends on the current gradient with the history fixed (Figure 10). Two runs of the same
 * deterministic trajectory: a {@link GradientSurvey} that sizes the coordinates' gradients, then a
 * {@link ProposalRecorder} that records and sweeps.
 */
public final class UpdateProbe {
    /** Half-width of a sweep, in units of the largest |gradient| the coordinate sees along the trajectory. */
    static final double SWEEP_HALF_WIDTH = 2;

    /**
     * @param steps          length of the trajectory
     * @param coordinates    the coordinates to show, or null to choose {@code coordinateCount} by {@link GradientSurvey#spread}
     * @param sweepSteps     the steps t at which to sweep (0 = the first step)
     * @param sweepPoints    gradient values per sweep, evenly spaced over [-w, w] (the observed one is added)
     * @param sweepHalfWidth w for every coordinate, or null for {@link #SWEEP_HALF_WIDTH} times its largest |gradient|
     */
    public record Settings(int steps, long[] coordinates, int coordinateCount, int[] sweepSteps, int sweepPoints,
                           Double sweepHalfWidth) {
        public Settings {
            if (steps < 1) throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
            if (coordinates != null) {
                coordinates = coordinates.clone();
                if (coordinates.length == 0) throw new IllegalArgumentException("--coordinates names no coordinate");
                if (Arrays.stream(coordinates).distinct().count() != coordinates.length)
                    throw new IllegalArgumentException("--coordinates " + join(coordinates) + " names a coordinate twice");
            } else if (coordinateCount < 1)
                throw new IllegalArgumentException("--coordinate-count must be at least 1, got " + coordinateCount);
            if (sweepSteps.length == 0) throw new IllegalArgumentException("--sweep-steps names no step");
            sweepSteps = sweepSteps.clone();
            for (int t : sweepSteps)
                if (t < 0 || t >= steps)
                    throw new IllegalArgumentException("sweep step " + t + " is not a step of the trajectory: steps are 0 .. "
                            + (steps - 1) + " (--steps " + steps + ")");
            sweepSteps = Arrays.stream(sweepSteps).distinct().sorted().toArray();
            if (sweepPoints < 2) throw new IllegalArgumentException("--sweep-points must be at least 2, got " + sweepPoints);
            if (sweepHalfWidth != null && !(sweepHalfWidth > 0 && Double.isFinite(sweepHalfWidth)))
                throw new IllegalArgumentException("--sweep-range must be a finite half-width > 0, got " + sweepHalfWidth);
        }

        /** 0, 1, steps/10 and steps/2, those that are steps of the trajectory: the paper's first step and three later. */
        public static int[] defaultSweepSteps(int steps) {
            return Arrays.stream(new int[]{0, 1, steps / 10, steps / 2}).filter(t -> t < steps).distinct().sorted().toArray();
        }

        /** Fails, naming the value, when a chosen coordinate is not one of the {@code dimension} of the problem. */
        public void checkCoordinates(long dimension, String problem) {
            if (coordinates == null) {
                if (coordinateCount > dimension)
                    throw new IllegalArgumentException("--coordinate-count " + coordinateCount + " is more than the " + problem
                            + " problem's " + dimension + " coordinates");
                return;
            }
            for (long c : coordinates)
                if (c < 0 || c >= dimension)
                    throw new IllegalArgumentException("coordinate " + c + " is not a coordinate of the " + problem
                            + " problem, which has " + dimension + " (0 .. " + (dimension - 1) + ")");
        }

        /** Units of work {@link #run} reports, for a progress bar. */
        public long units() {
            int count = coordinates != null ? coordinates.length : coordinateCount;
            return 2L * steps + (long) count * sweepSteps.length * (sweepPoints + 1);
        }
    }

    /** A baseline at its tuned learning rate. */
    public record Reference(String name, BaselineSetting setting) {}

    private UpdateProbe() {}

    /**
     * @param name     the learned optimizer as the user named it
     * @param instance one problem instance
     * @param type     the arithmetic of every optimizer
     */
    public static Visualization run(String name, TrainedOptimizer optimizer, ProblemBatch instance, Visualization.Instance about,
                                    List<Reference> baselines, Settings settings, DataType type, Progress progress) {
        long n = instance.dimension();
        settings.checkCoordinates(n, about.problem());
        int steps = settings.steps();

        progress.phase("surveying the trajectory");
        GradientSurvey survey = GradientSurvey.run(instance, optimizer.newStepRule(n, type), steps);
        int bad = survey.firstNonFiniteStep();
        if (bad >= 0)
            throw new IllegalStateException(name + " diverges on this instance: its loss or gradient is not finite at step " + bad
                    + "; visualize fewer steps (--steps " + Math.max(1, bad - 1) + " or less) or another instance");
        progress.advance(steps);
        long[] coordinates = settings.coordinates() != null ? settings.coordinates() : survey.spread(settings.coordinateCount());
        double[] halfWidths = Arrays.stream(coordinates).mapToDouble(c -> halfWidth(survey, c, settings)).toArray();
        double[][] grids = Arrays.stream(halfWidths).mapToObj(w -> grid(w, settings.sweepPoints())).toArray(double[][]::new);

        progress.phase("recording and sweeping");
        List<BaselineRule[]> rules = baselines.stream()
                .map(r -> new BaselineRule[]{r.setting().rule(n, type), r.setting().rule(n, type)}).toList();
        var recorder = new ProposalRecorder(optimizer, n, type, rules, coordinates, steps, settings.sweepSteps(), grids, progress);
        double[] loss = Rollout.run(instance, recorder, steps).losses()[0];

        List<String> names = new ArrayList<>();
        names.add(name);
        baselines.forEach(b -> names.add(b.name()));
        List<Visualization.Coordinate> traces = new ArrayList<>();
        for (int i = 0; i < coordinates.length; i++) {
            double[] taken = recorder.updates()[i][0];
            List<Visualization.Sweep> sweeps = new ArrayList<>();
            for (ProposalRecorder.Sweep s : recorder.sweeps().get(i))
                sweeps.add(new Visualization.Sweep(s.step(), s.gradient()[s.observedIndex()], s.observedIndex(), taken[s.step()],
                        s.gradient(), keyed(names, s.updates())));
            traces.add(new Visualization.Coordinate(coordinates[i], survey.rank(coordinates[i]), survey.rms(coordinates[i]),
                    halfWidths[i], recorder.gradients()[i], keyed(names, recorder.updates()[i]), sweeps));
        }
        List<Visualization.TunedRate> rates = baselines.stream()
                .map(b -> new Visualization.TunedRate(b.name(), b.setting().learningRate())).toList();
        return new Visualization(name, optimizer.architecture().kind(), optimizer.provenance().problemFamily(), about, steps, rates,
                coordinateRule(settings, survey, coordinates), sweepRule(settings), loss, traces);
    }

    private static double halfWidth(GradientSurvey survey, long c, Settings settings) {
        if (settings.sweepHalfWidth() != null) return settings.sweepHalfWidth();
        // a coordinate whose gradient stays 0 (an MNIST weight of a pixel that is always blank) gets the range of the busiest
        double largest = survey.maxAbs(c) > 0 ? survey.maxAbs(c) : survey.maxAbs();
        return SWEEP_HALF_WIDTH * (largest > 0 ? largest : 1);
    }

    /** {@code points} values evenly spaced over [-w, w]. */
    static double[] grid(double w, int points) {
        double[] grid = new double[points];
        for (int j = 0; j < points; j++) grid[j] = -w + 2 * w * j / (points - 1);
        return grid;
    }

    private static Map<String, double[]> keyed(List<String> names, double[][] values) {
        Map<String, double[]> map = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) map.put(names.get(k), values[k]);
        return map;
    }

    private static String coordinateRule(Settings settings, GradientSurvey survey, long[] chosen) {
        if (settings.coordinates() != null) return "given: " + join(chosen);
        return String.format(Locale.ROOT, "the %d coordinates at ranks round(k * m / %d), k = 0 .. %d, of the m = %d (of %d) whose "
                        + "gradient is ever non-zero, ordered by decreasing root-mean-square gradient along the trajectory: %s",
                chosen.length, chosen.length, chosen.length - 1, survey.activeCoordinates(), survey.dimension(), join(chosen));
    }

    private static String sweepRule(Settings settings) {
        String range = settings.sweepHalfWidth() != null ? "[-" + settings.sweepHalfWidth() + ", " + settings.sweepHalfWidth() + "]"
                : "[-w, w], w = " + SWEEP_HALF_WIDTH + " times the largest |gradient| the coordinate sees along the trajectory";
        return "at steps " + Arrays.stream(settings.sweepSteps()).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                + ", the coordinate's gradient takes " + settings.sweepPoints() + " values evenly spaced over " + range
                + " and the observed one, the other coordinates keeping theirs; each optimizer proposes from a copy of its state "
                + "at that step (the trajectory is not disturbed)";
    }

    private static String join(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(","));
    }
}
