package org.l2l4j.core.host;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where an ND4J array's elements lie in host memory: to tell a view from a copy (DL4J restores updater
 * state by assigning into the view, so a copy would silently break restore), and to scan a contiguous
 * array without ND4J's per-op dispatch.
 */
public final class HostMemory {
    private HostMemory() {}

    /** Address of the array's first element. */
    public static long address(INDArray a) {
        var p = a.data().addressPointer();   // already at the array's first element for views
        return p.address() + p.position() * a.dataType().width();
    }

    /**
     * Whether two arrays of one type start at the same element of the same buffer (a reshape returned a view,
     * not a copy). Compared by buffer and offset, not by address, so it holds on any backend.
     */
    public static boolean sameStart(INDArray a, INDArray b) {
        return a.dataType() == b.dataType() && root(a.data()) == root(b.data()) && a.offset() == b.offset();
    }

    /** Whether two arrays are views of the same buffer (of one array and its views). */
    public static boolean sameBuffer(INDArray a, INDArray b) {
        return root(a.data()) == root(b.data());
    }

    /** The buffer a view's buffer is a window of (ND4J gives every view a buffer object of its own). */
    private static DataBuffer root(DataBuffer b) {
        DataBuffer up;
        while ((up = b.originalDataBuffer()) != null && up != b) b = up;
        return b;
    }

    /**
     * Whether the array's elements are plain host memory that the host kernels may read and write by address.
     * True on ND4J's CPU backend (nd4j-native), whose buffers are host memory. False under ND4J-CUDA, whose
     * buffers live on the device with a host copy that ND4J's allocator synchronizes: writes by address
     * there would be lost or overwritten. Also false for a compressed array.
     */
    public static boolean isPlainHost(INDArray a) {
        return Nd4j.getExecutioner().type() == OpExecutioner.ExecutionerType.NATIVE_CPU && !a.isCompressed();
    }

    /** Where an array lives, in words for an error message: backend, buffer class, compression. */
    public static String describe(INDArray a) {
        return "ND4J " + Nd4j.getExecutioner().type() + " backend, " + a.data().getClass().getSimpleName()
                + (a.isCompressed() ? ", compressed" : "");
    }

    /** Uninitialized per-coordinate planes: n x features, column-major, each feature a contiguous run of n values. */
    public static INDArray planes(long n, int features, DataType type) {
        return Nd4j.createUninitialized(type, new long[]{n, features}, 'f');
    }

    public static boolean isHostType(DataType type) {
        return type == DataType.FLOAT || type == DataType.DOUBLE;
    }
}
