package org.l2l4j.examples.suite;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * A multiplier of every optimizer's learning rate over the iterations, the same for all: a baseline's
 * learning rate lr becomes lr x multiplier(t), a learned optimizer's step multiplier (1 unless set) likewise,
 * through DL4J's own {@link ISchedule}s (per iteration, as DL4J counts them: 0 for the first update). Written
 * on the command line as
 * <ul>
 * <li>{@code step:F@K[,F@K...]}: multiplier 1 until iteration K, F from K on (several, K increasing: each from
 *     its K on; {@code step:0.1@1000,0.01@1500}; a first K of 0 starts at F, so {@code step:0.1@0,1@20} is a
 *     warm-up);</li>
 * <li>{@code exp:G}: multiplier G^t ({@code exp:0.999}).</li>
 * </ul>
 */
public sealed interface LearningRateSchedule permits LearningRateSchedule.Steps, LearningRateSchedule.Exponential {

    /** DL4J's schedule of {@code base} times the multiplier. */
    ISchedule times(double base);

    /** As written on the command line; {@link #parse} reads it back. */
    String spec();

    /**
     * A copy of {@code updater} whose learning rate follows this schedule from its current one (its value at
     * iteration 0, epoch 0); a schedule the updater had is replaced.
     */
    default IUpdater applyTo(IUpdater updater) {
        if (!updater.hasLearningRate())
            throw new IllegalArgumentException(updater + " has no learning rate for the schedule " + spec() + " to multiply");
        IUpdater scheduled = updater.clone();
        scheduled.setLrAndSchedule(Double.NaN, times(updater.getLearningRate(0, 0)));
        return scheduled;
    }

    /** Multiplier 1 before the first iteration given (none if it is 0), then each factor from its iteration on. */
    record Steps(SortedMap<Integer, Double> factors) implements LearningRateSchedule {
        public Steps {
            factors = Collections.unmodifiableSortedMap(new TreeMap<>(factors));
            if (factors.isEmpty()) throw new IllegalArgumentException("a step schedule needs at least one step");
            factors.forEach((k, f) -> {
                if (k < 0) throw new IllegalArgumentException("a step's iteration must be >= 0, got " + k);
                if (!(Double.isFinite(f) && f >= 0)) throw new IllegalArgumentException("a step's factor must be finite and >= 0, got " + f);
            });
        }

        @Override public ISchedule times(double base) {
            Map<Integer, Double> values = new TreeMap<>();
            values.put(0, base);
            factors.forEach((k, f) -> values.put(k, base * f));
            return new MapSchedule(ScheduleType.ITERATION, values);
        }

        @Override public String spec() {
            StringBuilder s = new StringBuilder("step:");
            factors.forEach((k, f) -> s.append(s.length() > 5 ? "," : "").append(number(f)).append('@').append(k));
            return s.toString();
        }
    }

    /** Multiplier gamma^t. */
    record Exponential(double gamma) implements LearningRateSchedule {
        public Exponential {
            if (!(Double.isFinite(gamma) && gamma > 0 && gamma <= 1))
                throw new IllegalArgumentException("an exponential schedule's factor must be in (0, 1], got " + gamma);
        }

        @Override public ISchedule times(double base) { return new ExponentialSchedule(ScheduleType.ITERATION, base, gamma); }

        @Override public String spec() { return "exp:" + number(gamma); }
    }

    /** Reads {@code step:F@K[,F@K...]} or {@code exp:G}; the message of a bad spec names it and says what is wrong. */
    static LearningRateSchedule parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.strip();
        try {
            if (s.startsWith("exp:")) return new Exponential(Double.parseDouble(s.substring(4)));
            if (s.startsWith("step:")) {
                SortedMap<Integer, Double> factors = new TreeMap<>();
                int last = -1;
                for (String step : s.substring(5).split(",", -1)) {
                    int at = step.indexOf('@');
                    if (at < 0) throw new IllegalArgumentException("'" + step + "' is not FACTOR@ITERATION");
                    int k = Integer.parseInt(step.substring(at + 1).strip());
                    if (k >= 0 && k <= last) throw new IllegalArgumentException("iterations must increase (" + k + " after " + last + ")");
                    factors.put(k, Double.parseDouble(step.substring(0, at).strip()));
                    last = k;
                }
                return new Steps(factors);
            }
            throw new IllegalArgumentException("it is neither step:FACTOR@ITERATION[,FACTOR@ITERATION...] nor exp:GAMMA");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad learning-rate schedule '" + spec + "': not a number (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad learning-rate schedule '" + spec + "': " + e.getMessage(), e);
        }
    }

    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.format(Locale.ROOT, "%s", x);
    }
}
