package org.l2l4j.core.host;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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

    /** Whether two arrays of one type start at the same address (a reshape returned a view, not a copy). */
    public static boolean sameStart(INDArray a, INDArray b) {
        return a.dataType() == b.dataType() && address(a) == address(b);
    }

    /** Uninitialized per-coordinate planes: n x features, column-major, each feature a contiguous run of n values. */
    public static INDArray planes(long n, int features, DataType type) {
        return Nd4j.createUninitialized(type, new long[]{n, features}, 'f');
    }

    public static boolean isHostType(DataType type) {
        return type == DataType.FLOAT || type == DataType.DOUBLE;
    }
}
