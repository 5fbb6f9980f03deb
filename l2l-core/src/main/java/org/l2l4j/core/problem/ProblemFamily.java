package org.l2l4j.core.problem;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/** A distribution over optimization problems f, from which instances are drawn by seed. */
public interface ProblemFamily {

    /** Short name, e.g. {@code quadratic}. */
    String name();

    /** The family's settings, recorded in the provenance of every optimizer trained on it. */
    Map<String, Object> settings();

    /**
     * Draws {@code count} instances, instance k from seed {@link Seeds#instance}(runSeed, purpose,
     * firstIndex + k), batched into one computation.
     */
    ProblemBatch sample(long runSeed, Seeds.Purpose purpose, long firstIndex, int count, DataType type);
}
