package org.l2l4j.core.host;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Thread settings for ND4J's OpenMP pool and OpenBLAS, for programs that run their own parallelism. The
 * optimizer kernel does not need them: it runs its chunks on {@link Workers} with OpenBLAS at one thread
 * for the duration ({@link BlasThreads}), and its results depend on no thread setting. The command line
 * still calls this: its commands run problems in parallel themselves (meta-training shards and validation
 * batches, comparison problems, Arbiter candidates), and ND4J's element-wise ops and the baselines inside
 * them, with OpenMP at 2 threads each on a 2-core machine, spin against each other (measured before the
 * kernel ran on its own pool: 7.2 ms against 3.4 ms per optimizee step of 1280 coordinates). Library
 * users deploying a learned optimizer inside DL4J are not affected unless they call this.
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
