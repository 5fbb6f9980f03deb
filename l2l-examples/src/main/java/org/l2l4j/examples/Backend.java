package org.l2l4j.examples;

import org.l2l4j.core.host.NativeThreads;

/** Prepares ND4J for the commands, once per JVM, and only for commands that compute (not for --help). */
final class Backend {
    private static boolean started;

    private Backend() {}

    /**
     * Single-threaded native code: the commands run problems in parallel themselves, and on a 2-core machine
     * competing BLAS and OpenMP pools inside them made them 2-3x slower (see {@link NativeThreads}).
     * {@code benchmark --fit} does not call this: it measures DL4J as a user's program starts it.
     */
    static synchronized void start() {
        if (started) return;
        NativeThreads.singleThreaded();
        started = true;
    }
}
