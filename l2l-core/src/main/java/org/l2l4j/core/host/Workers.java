package org.l2l4j.core.host;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A pool that runs numbered tasks on every core: the calling thread and up to {@code lanes - 1} helper
 * threads claim tasks 0..count-1 one at a time until none is left. Which thread runs a task, and so how many
 * threads there are, must not change a result: callers give each task its own rows to write (a fixed
 * partition of coordinate chunks) and combine per-task partial results in task order. The lane a task runs
 * on (0 for the caller, 1.. for helpers, each at most once per run) only picks the scratch it may use.
 *
 * <p>The caller never waits for a helper to start, only for tasks a helper has already claimed, so a task
 * may itself run tasks on the same pool (meta-training runs shards whose unrolls run chunks) and a busy
 * pool only means fewer hands. Idle helpers park, so the pool costs nothing between steps and does not
 * spin against ND4J's or OpenBLAS's own threads.
 */
public final class Workers {
    /** System property that caps the shared pool's lanes (default: the available processors). */
    public static final String LANES_PROPERTY = "l2l4j.workers";

    /** A task of a run: {@code index} in 0..count-1, {@code lane} in 0..lanes-1, unique among concurrent tasks of the run. */
    @FunctionalInterface
    public interface Task {
        void run(int index, int lane);
    }

    private static final class Shared {
        static final Workers POOL = new Workers(sharedLanes(), "l2l-worker");
    }

    private final int lanes;
    private final ConcurrentLinkedQueue<Run> open = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Thread> idle = new ConcurrentLinkedQueue<>();

    /** A pool of {@code lanes} lanes: the caller and {@code lanes - 1} daemon helper threads named {@code name-i}. */
    public Workers(int lanes, String name) {
        if (lanes < 1) throw new IllegalArgumentException("a pool needs at least one lane, got " + lanes);
        this.lanes = lanes;
        for (int i = 1; i < lanes; i++) {
            Thread t = new Thread(this::help, name + "-" + i);
            t.setDaemon(true);
            t.start();
        }
    }

    /** The JVM-wide pool: one lane per available processor, or {@value #LANES_PROPERTY} if set (read once). */
    public static Workers shared() {
        return Shared.POOL;
    }

    private static int sharedLanes() {
        int processors = Runtime.getRuntime().availableProcessors();
        String value = System.getProperty(LANES_PROPERTY);
        if (value == null) return processors;
        try {
            int lanes = Integer.parseInt(value.trim());
            if (lanes >= 1) return lanes;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + LANES_PROPERTY + " must be a whole number of threads >= 1, got '"
                + value + "'");
    }

    /** Threads that may run one run's tasks at once: scratch arrays per lane are this many. */
    public int lanes() { return lanes; }

    /**
     * Runs tasks 0..count-1 and returns when all are done. The first exception a task throws is rethrown here
     * (a RuntimeException or Error as it was) once every claimed task has finished; unclaimed tasks are skipped.
     */
    public void run(int count, Task task) {
        if (count <= 0) return;
        if (count == 1 || lanes == 1) {
            for (int i = 0; i < count; i++) task.run(i, 0);
            return;
        }
        Run r = new Run(count, task, Thread.currentThread());
        open.add(r);
        for (int wake = Math.min(lanes - 1, count - 1); wake > 0; wake--) {
            Thread t = idle.poll();
            if (t == null) break;
            LockSupport.unpark(t);
        }
        r.work(0);
        open.remove(r);
        r.awaitDone();
        Throwable failure = r.failure.get();
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    private void help() {
        Thread me = Thread.currentThread();
        while (true) {
            Run r = open.peek();
            if (r == null) {
                idle.add(me);
                if (open.isEmpty()) LockSupport.park(this);   // a run posted after the check unparks us
                idle.remove(me);
                continue;
            }
            int first = r.claim();
            if (first < 0) {
                open.remove(r);   // exhausted: its caller is finishing it
                continue;
            }
            r.runFrom(first, r.lanesTaken.incrementAndGet());
        }
    }

    private static final class Run {
        final int count;
        final Task task;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger(), lanesTaken = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Run(int count, Task task, Thread caller) {
            this.count = count;
            this.task = task;
            this.caller = caller;
        }

        /** The next unclaimed task, or -1. */
        int claim() {
            int i = next.getAndIncrement();
            return i < count ? i : -1;
        }

        void work(int lane) {
            int i = claim();
            if (i >= 0) runFrom(i, lane);
        }

        void runFrom(int i, int lane) {
            for (; i >= 0; i = claim()) {
                try {
                    if (failure.get() == null) task.run(i, lane);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (done.incrementAndGet() == count) LockSupport.unpark(caller);
                }
            }
        }

        void awaitDone() {
            for (int spins = 0; done.get() < count; spins++) {
                if (spins < 64) Thread.onSpinWait();
                else LockSupport.park(this);
            }
        }
    }
}
