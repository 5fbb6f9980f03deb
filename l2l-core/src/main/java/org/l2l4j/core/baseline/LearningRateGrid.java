package org.l2l4j.core.baseline;

import java.util.stream.IntStream;

/** Learning rates tried for each baseline. */
public final class LearningRateGrid {
    private LearningRateGrid() {}

    /** The paper's: 1e-6 * 2^k, k = 0..29 (1e-6 to about 537). */
    public static double[] paper() {
        return IntStream.range(0, 30).mapToDouble(k -> 1e-6 * Math.pow(2, k)).toArray();
    }

    /** Every third point of the paper's grid (factor 8 apart), for quick runs. */
    public static double[] coarse() {
        return IntStream.range(0, 10).mapToDouble(k -> 1e-6 * Math.pow(2, 3 * k + 2)).toArray();
    }

    public static double[] byName(String name) {
        return switch (name) {
            case "paper" -> paper();
            case "coarse" -> coarse();
            default -> throw new IllegalArgumentException("unknown grid '" + name + "': paper or coarse");
        };
    }
}
