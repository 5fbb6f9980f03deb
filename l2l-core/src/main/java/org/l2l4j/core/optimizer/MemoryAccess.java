package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.Raw;

/**
 * Reads and writes of the {@link LowRankMemory} on per-coordinate blocks, forward and backward.
 * M = I + (1/N) sum_k a_k b_k^T over the pairs of the window, one memory per parameter set of N
 * coordinates (consecutive rows). A read i = M r is r + sum_k a_k mean(b_k r): O(n K) work and memory.
 *
 * <p>Head columns (the controller's outputs, n x (2 + 2W)): 0 the direct step, 1 the read vector r, then
 * a of every write head, then b of every write head. Pair k = slot * W + head.
 */
final class MemoryAccess {
    private MemoryAccess() {}

    static final int READ_VECTOR = 1, FIRST_WRITE = 2;

    /** i = M r, M the memory {@code a}/{@code b} (n x pairs each) holds; {@code i} n x 1. */
    static void read(Block r, Block a, Block b, Block i, long setSize) {
        int n = r.rows;
        boolean f = r.f32;
        long rc = r.address, ic = i.address;
        for (int row = 0; row < n; row++) Raw.put(f, ic, row, Raw.get(f, rc, row));
        for (int k = 0; k < a.cols; k++) {
            long ak = a.column(k), bk = b.column(k);
            for (long start = 0; start < n; start += setSize) {
                double c = 0;
                for (long row = start; row < start + setSize; row++) c += Raw.get(f, bk, row) * Raw.get(f, rc, row);
                c /= setSize;
                for (long row = start; row < start + setSize; row++)
                    Raw.put(f, ic, row, Raw.get(f, ic, row) + c * Raw.get(f, ak, row));
            }
        }
    }

    /** Writes every head's pair (a, b) from {@code heads} into {@code slot} of the window. */
    static void write(LowRankMemory memory, Block heads, Block a, Block b, int slot) {
        int w = memory.writeHeads();
        for (int head = 0; head < w; head++) {
            heads.columns(FIRST_WRITE + head, 1).copyTo(a.columns(slot * w + head, 1));
            heads.columns(FIRST_WRITE + w + head, 1).copyTo(b.columns(slot * w + head, 1));
        }
    }

    /**
     * Backward through one step's write into {@code slot} and its read (which saw the memory before the
     * write, {@code a}/{@code b}). On entry {@code da}/{@code db} hold dL/d(memory after the step); on exit,
     * dL/d(memory before it). {@code di} is dL/di; {@code dHeads} receives dL/dr and dL/d(a, b) of the heads.
     */
    static void backward(LowRankMemory memory, Block r, Block a, Block b, Block di, Block da, Block db, int slot,
                         Block dHeads, long setSize) {
        int n = r.rows, w = memory.writeHeads();
        for (int head = 0; head < w; head++) {
            int k = slot * w + head;
            da.columns(k, 1).copyTo(dHeads.columns(FIRST_WRITE + head, 1));
            db.columns(k, 1).copyTo(dHeads.columns(FIRST_WRITE + w + head, 1));
            da.columns(k, 1).zero();
            db.columns(k, 1).zero();
        }
        boolean f = r.f32;
        long rc = r.address, dic = di.address, drc = dHeads.column(READ_VECTOR);
        for (int row = 0; row < n; row++) Raw.put(f, drc, row, Raw.get(f, dic, row));
        for (int k = 0; k < a.cols; k++) {
            long ak = a.column(k), bk = b.column(k), dak = da.column(k), dbk = db.column(k);
            for (long start = 0; start < n; start += setSize) {
                double c = 0, e = 0;
                for (long row = start; row < start + setSize; row++) {
                    c += Raw.get(f, bk, row) * Raw.get(f, rc, row);
                    e += Raw.get(f, ak, row) * Raw.get(f, dic, row);
                }
                c /= setSize;
                e /= setSize;
                for (long row = start; row < start + setSize; row++) {
                    double d = Raw.get(f, dic, row);
                    Raw.put(f, drc, row, Raw.get(f, drc, row) + e * Raw.get(f, bk, row));
                    Raw.put(f, dak, row, Raw.get(f, dak, row) + c * d);
                    Raw.put(f, dbk, row, Raw.get(f, dbk, row) + e * Raw.get(f, rc, row));
                }
            }
        }
    }
}
