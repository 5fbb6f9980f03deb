package org.l2l4j.core.host;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * OpenBLAS at one thread while a kernel runs, the previous setting back afterwards. The kernels call GEMM
 * from several Java threads at once, one coordinate chunk each; OpenBLAS 0.3.19 (pthreads) shares one
 * server pool among all callers, so a multi-threaded call from each worker would queue and spin for the
 * same server threads, and its result depends on its thread count (a 512 x 80 sgemm differs in about a
 * fifth of its elements between one and two threads, measured). Inside a section every GEMM runs on its
 * caller's thread alone, whatever the user set.
 *
 * <p>OpenBLAS keeps one setting for the whole process (openblas_set_num_threads); this class changes it only
 * for the duration of a section, reference-counted across threads, and restores the value found on entry.
 * A GEMM that another thread of the program runs during a section runs single-threaded too (only slower).
 * The setting is read from OpenBLAS's {@code blas_cpu_number} and written through a function pointer
 * looked up once: the JavaCPP preset's {@code blas_set_num_threads} looks the symbol up on every call
 * (about 1 ms each, measured).
 */
public final class BlasThreads {
    private BlasThreads() {}

    private static final openblas_nolapack.SetNumThreads SET;
    private static final long CPU_NUMBER;   // address of OpenBLAS's int blas_cpu_number, or 0 if not found
    private static int depth, saved;

    static {
        Loader.load(openblas.class);
        Pointer set = Loader.addressof("openblas_set_num_threads");
        Pointer cpus = Loader.addressof("blas_cpu_number");
        if (set != null && !set.isNull() && cpus != null && !cpus.isNull()) {
            SET = new openblas_nolapack.SetNumThreads() {}.put(set);
            CPU_NUMBER = cpus.address();
        } else {
            SET = null;   // not the OpenBLAS build this was written for: leave its threads alone
            CPU_NUMBER = 0;
        }
    }

    /** OpenBLAS's current thread count (1 if it cannot be read). */
    public static int current() {
        return CPU_NUMBER == 0 ? 1 : Raw.getInt(CPU_NUMBER);
    }

    /** Runs {@code body} with OpenBLAS at one thread, restoring the previous count when the last section ends. */
    public static void singleThreaded(Runnable body) {
        enter();
        try {
            body.run();
        } finally {
            exit();
        }
    }

    private static synchronized void enter() {
        if (depth++ == 0 && SET != null) {
            saved = current();
            if (saved != 1) SET.call(1);
        }
    }

    private static synchronized void exit() {
        if (--depth == 0 && SET != null && saved != 1) SET.call(saved);
    }
}
