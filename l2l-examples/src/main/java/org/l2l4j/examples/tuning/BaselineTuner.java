package org.l2l4j.examples.tuning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.l2l4j.core.baseline.Baseline;
import org.l2l4j.core.problem.ProblemFamily;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Tunes baselines for a problem family (DESIGN section 5) with {@link BaselineSearch}, reusing finished
 * searches from a {@link TuningCache}: {@code l2l tune} fills the cache and {@code l2l compare} reads it.
 */
public final class BaselineTuner {
    /** The computation every search runs in. */
    public static final DataType TYPE = DataType.FLOAT;

    /**
     * @param instances tuning instances per candidate
     * @param steps     horizon: candidates are scored by the mean loss after this many steps
     * @param seed      seeds the tuning instances (disjoint from test and meta-training ones)
     */
    public record Settings(int instances, int steps, long seed, double[] grid) {
        public Settings {
            if (instances < 1 || steps < 1 || grid.length == 0)
                throw new IllegalArgumentException("need instances >= 1, steps >= 1 and a grid");
            grid = grid.clone();
        }
    }

    private final ProblemFamily family;
    private final Settings settings;
    private final TuningCache cache;
    private final BaselineSearch search;

    public BaselineTuner(ProblemFamily family, Settings settings, Path cacheDirectory, int threads) {
        this.family = family;
        this.settings = settings;
        this.cache = new TuningCache(cacheDirectory);
        this.search = new BaselineSearch(family, settings.instances(), settings.steps(), settings.seed(), TYPE, threads);
    }

    /** Candidates a full run evaluates, for a progress bar. */
    public long candidates(int baselines) {
        return (long) baselines * settings.grid().length;
    }

    /** The baseline's search, from the cache when this exact search was run before. */
    public TunedBaseline tune(Baseline baseline, Progress progress) {
        String description = describe(baseline);
        String key = TuningCache.key(description);
        var cached = cache.get(key);
        if (cached.isPresent()) {
            progress.advance(settings.grid().length);
            return cached.get();
        }
        progress.phase("tuning " + baseline.id());
        AtomicInteger reported = new AtomicInteger();
        BaselineSearch.Result result = search.run(baseline, settings.grid(), done -> {
            synchronized (reported) {
                if (done > reported.get()) {
                    progress.advance(done - reported.get());
                    reported.set(done);
                }
            }
        });
        TunedBaseline tuned = TunedBaseline.of(result);
        try {
            cache.put(key, description, tuned);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tuning cache: " + e.getMessage(), e);
        }
        return tuned;
    }

    public TuningResults tuneAll(List<Baseline> baselines, Progress progress) {
        List<TunedBaseline> tuned = new ArrayList<>();
        for (Baseline b : baselines) tuned.add(tune(b, progress));
        return new TuningResults(family.name(), settings.instances(), settings.steps(), settings.seed(), tuned);
    }

    /** Everything the outcome of a search depends on. */
    private String describe(Baseline baseline) {
        return "family=" + family.name() + "\nsettings=" + family.settings() + "\nbaseline=" + baseline.id()
                + "\nupdater=" + baseline.updater(1) + "\ngrid=" + Arrays.toString(settings.grid())
                + "\ninstances=" + settings.instances() + "\nsteps=" + settings.steps() + "\nseed=" + settings.seed()
                + "\ntype=" + TYPE;
    }
}
