package org.l2l4j.core.host;

import java.lang.reflect.Field;
import java.util.Objects;
import sun.misc.Unsafe;

/**
 * Loads and stores of FLOAT or DOUBLE elements in native memory by address, for the fused gate loops.
 * A direct-buffer access costs a bounds check, a scope check and several field loads per element
 * (measured: 2 ns per element, four times the loop's arithmetic); this is one instruction. The
 * addresses come from {@link Block}, which checks every block against its array's extent once, so
 * loops that stay within their block's rows and columns stay within memory ND4J owns.
 */
public final class Raw {
    private static final Unsafe U;

    static {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            U = (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Raw() {}

    /** Element i of a FLOAT (f32) or DOUBLE array starting at address. */
    public static double get(boolean f32, long address, long i) {
        return f32 ? U.getFloat(address + (i << 2)) : U.getDouble(address + (i << 3));
    }

    /** The int at an address (a native library's global variable). */
    public static int getInt(long address) {
        return U.getInt(address);
    }

    public static void put(boolean f32, long address, long i, double v) {
        if (f32) U.putFloat(address + (i << 2), (float) v);
        else U.putDouble(address + (i << 3), v);
    }

    /*
     * Copies between native memory and Java arrays: HotSpot compiles loops over arrays, not over native
     * addresses, into SIMD code, so the vectorized loops work on a chunk copied into the heap (a memcpy,
     * in cache).
     */

    /** Sets count FLOAT (f32) or DOUBLE elements from address on to 0. */
    public static void zero(boolean f32, long address, long count) {
        U.setMemory(address, count << (f32 ? 2 : 3), (byte) 0);
    }

    /** Copies count FLOAT (f32) or DOUBLE elements between native addresses. */
    public static void copy(boolean f32, long from, long to, long count) {
        U.copyMemory(from, to, count << (f32 ? 2 : 3));
    }

    public static void load(long address, float[] to, int count) {
        Objects.checkFromIndexSize(0, count, to.length);   // a longer copy would overwrite the heap
        U.copyMemory(null, address, to, Unsafe.ARRAY_FLOAT_BASE_OFFSET, (long) count << 2);
    }

    public static void store(float[] from, int count, long address) {
        Objects.checkFromIndexSize(0, count, from.length);
        U.copyMemory(from, Unsafe.ARRAY_FLOAT_BASE_OFFSET, null, address, (long) count << 2);
    }

    public static void load(long address, double[] to, int count) {
        Objects.checkFromIndexSize(0, count, to.length);
        U.copyMemory(null, address, to, Unsafe.ARRAY_DOUBLE_BASE_OFFSET, (long) count << 3);
    }

    public static void store(double[] from, int count, long address) {
        Objects.checkFromIndexSize(0, count, from.length);
        U.copyMemory(from, Unsafe.ARRAY_DOUBLE_BASE_OFFSET, null, address, (long) count << 3);
    }
}
