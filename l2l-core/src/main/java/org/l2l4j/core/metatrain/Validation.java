package org.l2l4j.core.metatrain;

import org.l2l4j.core.host.Workers;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.StepRule;

/**
 * How the meta-trainer scores the frozen optimizer for early stopping, when it is not the default (the mean
 * final loss of the validation instances of the family it trains on): the best-scoring weights are kept.
 */
public interface Validation {

    /**
     * @param optimizer the frozen optimizer: a rule for a batch, from zero state
     * @param pool      the threads to run validation problems on
     * @return the score, lower is better; +infinity when the optimizer diverged
     */
    double score(Frozen optimizer, Workers pool);

    /** What the score measures, for the provenance of the optimizer kept. */
    java.util.Map<String, Object> describe();

    /** A frozen optimizer as a step rule for any batch of problems (one parameter set per instance). */
    @FunctionalInterface
    interface Frozen {
        StepRule rule(ProblemBatch batch);
    }
}
