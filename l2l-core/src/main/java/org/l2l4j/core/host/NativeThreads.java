package org.l2l4j.core.host;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Thread settings for ND4J's OpenMP pool and OpenBLAS. The optimizer kernels make many small native
 * calls; with both pools at 2 threads on a 2-core machine they spin against each other and a step
 * takes 2-3x longer (measured: 7.2 ms against 3.4 ms per optimizee step of 1280 coordinates). The
 * meta-trainer therefore runs native code single-threaded and uses the cores itself. Library users
 * deploying a learned optimizer inside DL4J are not affected unless they call this.
 */
public final class NativeThreads {
    private NativeThreads() {}

    /** One native thread for BLAS and for ND4J's element-wise ops, JVM-wide. */
    public static void singleThreaded() {
        Nd4j.factory().blas().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
    }
}
