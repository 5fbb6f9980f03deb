package org.l2l4j.core.host;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work run on another thread, its exceptions rethrown as they were thrown there. */
public final class Futures {
    private Futures() {}

    /** The result; a RuntimeException of the task is rethrown unwrapped, so its message reaches the user. */
    public static <T> T join(Future<T> f, String what) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}
