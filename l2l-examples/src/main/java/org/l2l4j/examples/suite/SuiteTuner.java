package org.l2l4j.examples.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.l2l4j.examples.tuning.BaselineSearch;
import org.l2l4j.examples.tuning.Progress;
import org.l2l4j.examples.tuning.TunedBaseline;
import org.l2l4j.examples.tuning.TuningCache;

/**
 * Tunes a baseline's learning rate on a suite task with Arbiter (the grid search of {@code l2l tune}, one
 * candidate per thread), scored by {@link TuningRuns} on the tuning seeds, and keeps finished searches in
 * the {@code tune} cache: the key covers everything the outcome depends on (the network's JSON, the data,
 * the iterations, the grid, the seeds).
 */
final class SuiteTuner {
    /** Bump when the score or the runs change, so old searches are not reused. */
    static final String PROTOCOL = "l2l4j-suite-tuning-1";

    private final TuningCache cache;
    private final List<Long> seeds;
    private final int threads;
    private final LearningRateSchedule schedule;

    /** @param schedule multiplies every candidate's learning rate over the iterations; null for none */
    SuiteTuner(Path cacheDirectory, List<Long> seeds, int threads, LearningRateSchedule schedule) {
        this.cache = new TuningCache(cacheDirectory);
        this.seeds = List.copyOf(seeds);
        this.threads = threads;
        this.schedule = schedule;
    }

    /** Iterations a search from an empty cache trains, for a progress bar. */
    long iterations(Task task, SuiteBaseline baseline) {
        return (long) baseline.grid().length * seeds.size() * task.iterations();
    }

    boolean cached(Task task, SuiteBaseline baseline) {
        return cache.get(TuningCache.key(describe(task, baseline))).isPresent();
    }

    /** A search's result, and the seconds it took (NaN when it came from the cache). */
    record Tuned(TunedBaseline result, double seconds) {}

    Tuned tune(Task task, SuiteBaseline baseline, Progress progress) {
        if (!baseline.isTuned()) throw new IllegalArgumentException(baseline.id() + " is not tuned");
        if (seeds.isEmpty()) throw new IllegalArgumentException("tuning " + baseline.id() + " needs at least one tuning seed");
        String description = describe(task, baseline);
        String key = TuningCache.key(description);
        var cached = cache.get(key);
        // a cached search costs nothing: Suite.iterations counts only searches still to run
        if (cached.isPresent()) return new Tuned(cached.get(), Double.NaN);
        long started = System.nanoTime();
        progress.phase(task.name() + ": tuning " + baseline.id());
        var search = new BaselineSearch(new TuningRuns(task, seeds, schedule, progress::advance), new TuningRuns.FinalTrainingLoss(), threads);
        TunedBaseline tuned = TunedBaseline.of(search.run(baseline.tunedBaseline(), baseline.grid(), done -> {}));
        try {
            cache.put(key, description, tuned);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tuning cache: " + e.getMessage(), e);
        }
        return new Tuned(tuned, (System.nanoTime() - started) / 1e9);
    }

    private String describe(Task task, SuiteBaseline baseline) {
        return "protocol=" + PROTOCOL + "\ntask=" + task.name() + "\nnetwork=" + task.network().kind() + " sha256 "
                + sha256(task.network().toJson()) + "\ndata=" + new java.util.TreeMap<>(task.data().describe())
                + "\niterations=" + task.iterations() + "\nbaseline=" + baseline.tunedBaseline().id()
                + "\nupdater=" + baseline.tunedBaseline().updater(1) + "\ngrid=" + Arrays.toString(baseline.grid())
                + "\nscore=mean training loss of the last " + Suite.FINAL_WINDOW + " iterations, mean over seeds"
                + "\nseeds=" + seeds
                // only when set, so that searches without a schedule keep their keys
                + (schedule == null ? "" : "\nlearningRateSchedule=" + schedule.spec());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
