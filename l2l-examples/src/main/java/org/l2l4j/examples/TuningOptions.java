package org.l2l4j.examples;

import java.nio.file.Path;
import org.l2l4j.core.baseline.LearningRateGrid;
import org.l2l4j.examples.tuning.BaselineTuner;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How baselines are tuned, shared by tune and compare so both find the same cached searches. */
final class TuningOptions {
    /** System property overriding the default cache directory (tests use it). */
    static final String CACHE_PROPERTY = "org.l2l4j.tuning.cache";

    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--grid", defaultValue = "paper", paramLabel = "paper|coarse",
            description = "Learning rates tried: paper (1e-6 * 2^k, k = 0..29) or coarse (every third). Default: ${DEFAULT-VALUE}.")
    String grid;

    @Option(names = "--tuning-instances", paramLabel = "N",
            description = "Tuning problems each learning rate is scored on (mean final loss). Default: 128 (quadratic), 32 (mnist), 8 (art), 4 (conv).")
    Integer tuningInstances;

    @Option(names = "--tuning-seed", defaultValue = "1", paramLabel = "S",
            description = "Seeds the tuning problems (disjoint from test problems). Default: ${DEFAULT-VALUE}.")
    long tuningSeed;

    @Option(names = "--tuning-cache", paramLabel = "DIR",
            description = "Where finished searches are kept and reused. Default: ~/.deeplearning4j/l2l4j/tuning.")
    Path cache;

    BaselineTuner tuner(ProblemOptions problem, int steps) {
        int instances = tuningInstances != null ? tuningInstances : problem.problem().tuningInstances();
        if (instances < 1) throw new ParameterException(spec.commandLine(), "--tuning-instances must be at least 1, got " + instances);
        double[] values;
        try {
            values = LearningRateGrid.byName(grid);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path cacheDirectory = OutputPaths.directory(spec.commandLine(), "--tuning-cache", cacheDirectory());
        return new BaselineTuner(problem.family(), new BaselineTuner.Settings(instances, steps, tuningSeed, values), cacheDirectory,
                Runtime.getRuntime().availableProcessors());
    }

    private Path cacheDirectory() {
        return cache != null ? cache : defaultCacheDirectory();
    }

    /** The cache directory when none is named: the system property, else under the user's home. */
    static Path defaultCacheDirectory() {
        String property = System.getProperty(CACHE_PROPERTY);
        if (property != null) return Path.of(property);
        return Path.of(System.getProperty("user.home"), ".deeplearning4j", "l2l4j", "tuning");
    }
}
