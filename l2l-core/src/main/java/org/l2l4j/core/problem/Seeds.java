package org.l2l4j.core.problem;

/**
 * Seeds for problem instances. Each instance's seed depends on the run seed, the purpose
 * (meta-training, validation, test) and its index, never on the batch it is drawn in, so the
 * sets are disjoint and instance k of a test set is the same whatever the batch size.
 */
public final class Seeds {
    private Seeds() {}

    /** What a problem instance is for; test instances never coincide with training or validation ones. */
    public enum Purpose { META_TRAINING, VALIDATION, TEST, TUNING }

    public static long instance(long runSeed, Purpose purpose, long index) {
        return mix(mix(mix(runSeed) ^ (purpose.ordinal() + 1) * 0x9E3779B97F4A7C15L) + index);
    }

    /** SplitMix64's finalizer: a bijection on longs that scatters nearby inputs. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
