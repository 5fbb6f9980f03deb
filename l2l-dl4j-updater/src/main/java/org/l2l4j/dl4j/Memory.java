package org.l2l4j.dl4j;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Whether two arrays start at the same host address: a reshape that returned a view, not a copy. */
final class Memory {
    private Memory() {}

    static boolean same(INDArray a, INDArray b) {
        return a.dataType() == b.dataType() && firstElement(a) == firstElement(b);
    }

    private static long firstElement(INDArray a) {
        Pointer p = a.data().addressPointer();
        return p.address() + p.position() * a.dataType().width();
    }
}
