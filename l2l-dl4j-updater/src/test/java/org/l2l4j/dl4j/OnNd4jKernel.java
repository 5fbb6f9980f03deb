package org.l2l4j.dl4j;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.l2l4j.core.optimizer.StepKernel;

/**
 * Runs a test class with every LearnedUpdater left at auto on the ND4J-operations kernel (the system property
 * {@value StepKernel#PROPERTY}=nd4j), so the checks written for the host kernel hold the ND4J kernel to
 * them on the CPU backend too. On a GPU the ND4J kernel is auto's own choice.
 */
final class OnNd4jKernel implements BeforeAllCallback, AfterAllCallback {
    @Override public void beforeAll(ExtensionContext context) {
        System.setProperty(StepKernel.PROPERTY, StepKernel.ND4J.id());
    }

    @Override public void afterAll(ExtensionContext context) {
        System.clearProperty(StepKernel.PROPERTY);
    }

    /** Whether this extension is in force: the corrected-Adam output has no ND4J form yet, and its checks skip here. */
    static boolean active() {
        return StepKernel.ND4J.id().equals(System.getProperty(StepKernel.PROPERTY));
    }
}
