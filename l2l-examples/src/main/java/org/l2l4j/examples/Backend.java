package org.l2l4j.examples;

import org.l2l4j.core.host.NativeThreads;

/** Prepares ND4J for the commands, once per JVM, and only for commands that compute (not for --help). */
final class Backend {
    private static boolean started;

    private Backend() {}

    /**
     * Single-threaded native code: the optimizer makes many small native calls, and on a 2-core machine
     * competing BLAS and OpenMP pools made it 2-3x slower (see {@link NativeThreads}).
     */
    static synchronized void start() {
        if (started) return;
        NativeThreads.singleThreaded();
        started = true;
    }
}
