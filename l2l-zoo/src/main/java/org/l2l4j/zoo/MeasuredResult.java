package org.l2l4j.zoo;

import java.util.Objects;

/**
 * What a zoo optimizer achieved when it was published, against the best tuned baseline on the same
 * test instances (the evaluation protocol of DESIGN.md section 5).
 *
 * @param metric        what was measured, e.g. {@code "mean loss at step 100"}
 * @param learned       the trained optimizer's value of the metric
 * @param baseline      the best tuned baseline, e.g. {@code "Adam, lr 0.0164 (grid 1e-6 * 2^k)"}
 * @param baselineValue the baseline's value of the same metric on the same instances
 * @param protocol      how it was measured, e.g. {@code "200 fresh instances, seeds disjoint from training"}
 */
public record MeasuredResult(String metric, double learned, String baseline, double baselineValue, String protocol) {

    public MeasuredResult {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(baseline, "baseline");
        protocol = protocol == null ? "" : protocol;
    }

    /** learned / baseline: below 1 when the trained optimizer did better on a loss. */
    public double ratio() {
        return learned / baselineValue;
    }
}
