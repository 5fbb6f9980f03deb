package org.l2l4j.core.optimizer;

/**
 * The fixed partition of n coordinates into chunks of {@link CellArithmetic#CHUNK} rows, the last one partial:
 * the unit of parallel work. Every result is computed chunk by chunk in the same way whichever thread runs a
 * chunk, and what chunks contribute to a shared sum is combined in chunk order, so results do not depend on
 * the number of threads.
 */
record Chunks(int n) {
    Chunks {
        if (n < 0) throw new IllegalArgumentException("coordinates must be >= 0, got " + n);
    }

    static Chunks of(long n) {
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException(n + " coordinates exceed the 2^31 - 1 a kernel can index");
        return new Chunks((int) n);
    }

    int count() { return (n + CellArithmetic.CHUNK - 1) / CellArithmetic.CHUNK; }

    /** First row of chunk c. */
    int from(int c) { return c * CellArithmetic.CHUNK; }

    /** Rows of chunk c. */
    int size(int c) { return Math.min(CellArithmetic.CHUNK, n - c * CellArithmetic.CHUNK); }
}
