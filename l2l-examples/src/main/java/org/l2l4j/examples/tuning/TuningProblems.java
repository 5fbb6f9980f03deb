package org.l2l4j.examples.tuning;

import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Seeds;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Arbiter's data for a baseline search: the tuning instances of a problem family (seeds disjoint from
 * test and meta-training instances). Each call samples them afresh, so concurrent candidates never share
 * a batch's buffers, and every candidate sees the very same instances.
 */
record TuningProblems(ProblemFamily family, int instances, int steps, long seed, DataType type) implements DataProvider {

    @Override public ProblemBatch trainData(Map<String, Object> dataParameters) {
        return family.sample(seed, Seeds.Purpose.TUNING, 0, instances, type);
    }

    @Override public ProblemBatch testData(Map<String, Object> dataParameters) { return trainData(dataParameters); }

    @Override public Class<?> getDataType() { return ProblemBatch.class; }
}
