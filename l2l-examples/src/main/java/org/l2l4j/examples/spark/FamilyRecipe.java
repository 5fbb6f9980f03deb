package org.l2l4j.examples.spark;

import java.io.Serializable;
import org.l2l4j.core.problem.ProblemFamily;

/**
 * A problem family as a few serializable values from which any JVM of a cluster builds it: the driver sends
 * the recipe with every task, and each executor builds the family once and keeps it (MNIST reads its digits).
 * Implement it as a record, so that equal recipes are equal objects: the executor's cache is keyed by them.
 */
@FunctionalInterface
public interface FamilyRecipe extends Serializable {

    /** The family; the same problems, instance by instance, in every JVM. */
    ProblemFamily build();
}
