package org.l2l4j.core.problem;

import java.util.SplittableRandom;

/**
 * Which examples an optimizee instance sees at step t: positions [t B, (t + 1) B) of an endless sequence
 * of shuffles of the data, shuffle e drawn from (instance seed, e). Computed from (seed, t) alone, so every
 * optimizer run on an instance sees the same examples at the same step, whatever ran before.
 */
public final class MinibatchSchedule {
    private MinibatchSchedule() {}

    /** Indices into {@code examples} of minibatch {@code step} of size {@code size}. */
    public static int[] rows(int examples, int size, long seed, int step) {
        return new OfInstance(examples, size, seed).rows(step);
    }

    /**
     * One instance's schedule, keeping the shuffle in use: consecutive steps mostly fall in the same
     * shuffle, which is then drawn once instead of at every step. Not thread-safe.
     */
    public static final class OfInstance {
        private final int examples, size;
        private final long seed;
        private long shuffle = -1;
        private int[] order;

        public OfInstance(int examples, int size, long seed) {
            if (examples < 1 || size < 1) throw new IllegalArgumentException("need examples and size >= 1");
            this.examples = examples;
            this.size = size;
            this.seed = seed;
        }

        public int[] rows(int step) {
            int[] rows = new int[size];
            long first = (long) step * size;
            for (int i = 0; i < size; i++) {
                long position = first + i;
                if (position / examples != shuffle) {
                    shuffle = position / examples;
                    order = shuffle(examples, seed, shuffle);
                }
                rows[i] = order[(int) (position % examples)];
            }
            return rows;
        }
    }

    /** Shuffle {@code index} of 0..n-1 for an instance: Fisher-Yates with a generator of its own. */
    public static int[] shuffle(int n, long seed, long index) {
        var rng = new SplittableRandom(Seeds.mix(Seeds.mix(seed) + index));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
