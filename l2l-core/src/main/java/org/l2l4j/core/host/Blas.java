package org.l2l4j.core.host;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasTrans;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * C = alpha op(A) op(B) + beta C on column-major blocks, straight to OpenBLAS: a call costs about a
 * microsecond where ND4J's gemm costs 80-200 (measured on this project's 2-core machine).
 */
public final class Blas {
    private Blas() {}

    public static void gemm(boolean transA, boolean transB, double alpha, Block a, Block b, double beta, Block c) {
        int m = transA ? a.cols : a.rows;
        int k = transA ? a.rows : a.cols;
        int kb = transB ? b.cols : b.rows;
        int n = transB ? b.rows : b.cols;
        if (k != kb || c.rows != m || c.cols != n)
            throw new IllegalArgumentException("gemm shapes: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n
                    + ", C " + c.rows + "x" + c.cols);
        if (a.dataType() != c.dataType() || b.dataType() != c.dataType())
            throw new IllegalArgumentException("gemm types differ: " + a.dataType() + ", " + b.dataType() + ", " + c.dataType());
        int ta = transA ? CblasTrans : CblasNoTrans, tb = transB ? CblasTrans : CblasNoTrans;
        if (c.pointer instanceof FloatPointer cf)
            openblas.cblas_sgemm(CblasColMajor, ta, tb, m, n, k, (float) alpha, (FloatPointer) a.pointer, a.ld,
                    (FloatPointer) b.pointer, b.ld, (float) beta, cf, c.ld);
        else
            openblas.cblas_dgemm(CblasColMajor, ta, tb, m, n, k, alpha, (DoublePointer) a.pointer, a.ld,
                    (DoublePointer) b.pointer, b.ld, beta, (DoublePointer) c.pointer, c.ld);
    }
}
