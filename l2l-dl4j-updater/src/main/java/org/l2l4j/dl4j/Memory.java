package org.l2l4j.dl4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Host addresses of ND4J arrays: to tell a view from a copy, and to read a contiguous array in place. */
final class Memory {
    private Memory() {}

    /** Whether two arrays start at the same address: a reshape that returned a view, not a copy. */
    static boolean same(INDArray a, INDArray b) {
        return a.dataType() == b.dataType() && firstElement(a) == firstElement(b);
    }

    /**
     * Index of the first NaN or infinite value of a contiguous FLOAT or DOUBLE array, or -1: a plain loop
     * over its memory (ND4J's reductions cost milliseconds per call even on 10^4 values).
     */
    static long firstNonFinite(INDArray contiguous) {
        int n = Math.toIntExact(contiguous.length());
        Pointer at = new Pointer() { { address = firstElement(contiguous); } };
        if (contiguous.dataType() == DataType.FLOAT) {
            FloatBuffer values = new FloatPointer(at).limit(n).asBuffer();
            for (int i = 0; i < n; i++) if (!Float.isFinite(values.get(i))) return i;
        } else {
            DoubleBuffer values = new DoublePointer(at).limit(n).asBuffer();
            for (int i = 0; i < n; i++) if (!Double.isFinite(values.get(i))) return i;
        }
        return -1;
    }

    private static long firstElement(INDArray a) {
        Pointer p = a.data().addressPointer();
        return p.address() + p.position() * a.dataType().width();
    }
}
