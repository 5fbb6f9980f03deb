package org.l2l4j.core.optimizer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A deployed optimizer's step on a fixed set of n coordinates and their state planes: reads a gradient,
 * updates the state in place, writes the proposed step g_t. Two kernels compute it ({@link StepKernel}).
 */
public sealed interface OptimizerStep permits LstmStep, Nd4jLstmStep {

    /** @param gradient n x 1; @param step n x 1, receives g_t (may be the gradient array itself) */
    void apply(INDArray gradient, INDArray step);

    /** As {@link #apply(INDArray, INDArray)}, writing {@code factor * g_t} (DL4J's updater: -learningRate). */
    void apply(INDArray gradient, INDArray step, double factor);

    /** Index of the first NaN or infinite value of {@code gradient} (n x 1), or -1. */
    long firstNonFinite(INDArray gradient);

    /** {@link StepKernel#HOST} or {@link StepKernel#ND4J}: which kernel this is. */
    StepKernel kernel();

    /**
     * The step of {@code arch} with weights phi (cast to the planes' type) on {@code planes}
     * (n x statePlanes, column-major, held as a view), by the kernel {@code kernel} resolves to. Its buffers
     * are made outside any workspace, so they outlive the one this may be called in.
     */
    static OptimizerStep deploy(LstmArchitecture arch, double[] weights, INDArray planes, long setSize, StepKernel kernel) {
        StepKernel chosen = kernel.resolve(planes);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray phi = Nd4j.create(weights, new long[]{weights.length}, DataType.DOUBLE).castTo(planes.dataType());
            return switch (chosen) {
                case HOST -> new LstmStep(arch, new LstmParameters(arch, phi), planes, setSize);
                case ND4J -> new Nd4jLstmStep(arch, phi, planes, setSize);
                case AUTO -> throw new AssertionError("resolve never answers AUTO");
            };
        }
    }
}
