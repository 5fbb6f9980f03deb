package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.Raw;

/**
 * Reads and writes of the {@link LowRankMemory} on per-coordinate blocks, forward and backward.
 * M = I + (1/N) sum_k a_k b_k^T over the pairs of the window, one memory per parameter set of N
 * coordinates (consecutive rows). A read i = M r is r + sum_k a_k mean(b_k r): O(n K) work and memory.
 *
 * <p>The means over a set are {@link SetSums} filled chunk by chunk ({@code *Sums}); the per-coordinate
 * part ({@code *Rows}) then runs chunk by chunk again, so both run on every core with the same result.
 *
 * <p>Head columns (the controller's outputs, n x (2 + 2W)): 0 the direct step, 1 the read vector r, then
 * a of every write head, then b of every write head. Pair k = slot * W + head.
 */
final class MemoryAccess {
    private MemoryAccess() {}

    static final int READ_VECTOR = 1, FIRST_WRITE = 2;

    /** i = M r on all rows, chunk after chunk on this thread ({@code r}, {@code i}: n x 1; a, b: n x pairs). */
    static void read(Block r, Block a, Block b, Block i, long setSize) {
        var chunks = Chunks.of(r.rows);
        var sums = new SetSums(chunks, setSize, a.cols);
        for (int c = 0; c < chunks.count(); c++) readSums(r, b, sums, c);
        sums.reduce();
        for (int c = 0; c < chunks.count(); c++) readRows(r, a, i, sums, chunks.from(c), chunks.size(c));
    }

    /** Chunk c's pieces of sum_set b_k r, one column per pair k. */
    static void readSums(Block r, Block b, SetSums sums, int c) {
        boolean f = r.f32;
        long rc = r.address;
        sums.forEachPiece(c, (piece, set, from, to) -> {
            for (int k = 0; k < b.cols; k++) {
                long bk = b.column(k);
                double s = 0;
                for (int row = from; row < to; row++) s += Raw.get(f, bk, row) * Raw.get(f, rc, row);
                sums.setPiece(piece, k, s);
            }
        });
    }

    /** Rows [r0, r0 + m) of i = r + sum_k a_k mean(b_k r), the means reduced from {@link #readSums}. */
    static void readRows(Block r, Block a, Block i, SetSums sums, int r0, int m) {
        boolean f = r.f32;
        long rc = r.address, ic = i.address;
        int size = sums.setSize();
        for (int row = r0; row < r0 + m; row++) Raw.put(f, ic, row, Raw.get(f, rc, row));
        for (int k = 0; k < a.cols; k++) {
            long ak = a.column(k);
            for (int row = r0; row < r0 + m; row++)
                Raw.put(f, ic, row, Raw.get(f, ic, row) + sums.mean(row / size, k) * Raw.get(f, ak, row));
        }
    }

    /** Writes every head's pair (a, b) from {@code heads} into {@code slot} of the window (blocks of the same rows). */
    static void write(LowRankMemory memory, Block heads, Block a, Block b, int slot) {
        int w = memory.writeHeads();
        for (int head = 0; head < w; head++) {
            heads.columns(FIRST_WRITE + head, 1).copyTo(a.columns(slot * w + head, 1));
            heads.columns(FIRST_WRITE + w + head, 1).copyTo(b.columns(slot * w + head, 1));
        }
    }

    /**
     * Chunk c's pieces for the backward pass of a read: per pair k, sum_set b_k r (column k) and sum_set a_k di
     * (column pairs + k), where {@code a}/{@code b} are the memory the read saw and {@code di} = dL/di.
     */
    static void backwardSums(Block r, Block a, Block b, Block di, SetSums sums, int c) {
        boolean f = r.f32;
        long rc = r.address, dic = di.address;
        int pairs = a.cols;
        sums.forEachPiece(c, (piece, set, from, to) -> {
            for (int k = 0; k < pairs; k++) {
                long ak = a.column(k), bk = b.column(k);
                double s = 0, e = 0;
                for (int row = from; row < to; row++) {
                    s += Raw.get(f, bk, row) * Raw.get(f, rc, row);
                    e += Raw.get(f, ak, row) * Raw.get(f, dic, row);
                }
                sums.setPiece(piece, k, s);
                sums.setPiece(piece, pairs + k, e);
            }
        });
    }

    /**
     * Rows [r0, r0 + m) of the backward pass through one step's write into {@code slot} and its read (which saw
     * the memory before the write, {@code a}/{@code b}), the means reduced from {@link #backwardSums}. On entry
     * {@code da}/{@code db} hold dL/d(memory after the step); on exit, dL/d(memory before it). {@code di} is
     * dL/di; {@code dHeads} receives dL/dr and dL/d(a, b) of the heads.
     */
    static void backwardRows(LowRankMemory memory, Block r, Block a, Block b, Block di, Block da, Block db, int slot,
                             Block dHeads, SetSums sums, int r0, int m) {
        int w = memory.writeHeads(), pairs = a.cols, size = sums.setSize();
        for (int head = 0; head < w; head++) {
            int k = slot * w + head;
            da.rows(r0, m).columns(k, 1).copyTo(dHeads.rows(r0, m).columns(FIRST_WRITE + head, 1));
            db.rows(r0, m).columns(k, 1).copyTo(dHeads.rows(r0, m).columns(FIRST_WRITE + w + head, 1));
            da.rows(r0, m).columns(k, 1).zero();
            db.rows(r0, m).columns(k, 1).zero();
        }
        boolean f = r.f32;
        long rc = r.address, dic = di.address, drc = dHeads.column(READ_VECTOR);
        for (int row = r0; row < r0 + m; row++) Raw.put(f, drc, row, Raw.get(f, dic, row));
        for (int k = 0; k < pairs; k++) {
            long ak = a.column(k), bk = b.column(k), dak = da.column(k), dbk = db.column(k);
            for (int row = r0; row < r0 + m; row++) {
                int set = row / size;
                double c = sums.mean(set, k), e = sums.mean(set, pairs + k);
                double d = Raw.get(f, dic, row);
                Raw.put(f, drc, row, Raw.get(f, drc, row) + e * Raw.get(f, bk, row));
                Raw.put(f, dak, row, Raw.get(f, dak, row) + c * d);
                Raw.put(f, dbk, row, Raw.get(f, dbk, row) + e * Raw.get(f, rc, row));
            }
        }
    }
}
