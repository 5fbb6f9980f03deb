package org.l2l4j.core.optimizer;

import org.l2l4j.core.host.Block;
import org.l2l4j.core.host.Raw;

/**
 * Column sums over each parameter set (consecutive runs of {@code setSize} rows), computed chunk by chunk in
 * parallel: a chunk writes the sum of its rows of every set it overlaps into a slot of its own (a piece), and
 * {@link #reduce} adds each set's pieces in row order. The result is the same for any number of threads, and
 * for a set inside one chunk it is the plain sum over its rows in order.
 */
final class SetSums {
    /** What a chunk does with each set it overlaps: rows [from, to) of {@code set}, summed into {@code piece}. */
    @FunctionalInterface
    interface PieceAction {
        void accept(int piece, int set, int from, int to);
    }

    private final Chunks chunks;
    private final int setSize, columns;
    private final int[] firstPiece;   // per chunk, and one past the last: pieces of chunk c are firstPiece[c]..firstPiece[c+1]-1
    private final int[] pieceSet;
    private final double[] pieces;    // [piece * columns + column]
    private final double[] totals;    // [set * columns + column]

    SetSums(Chunks chunks, long setSize, int columns) {
        if (setSize < 1 || chunks.n() % setSize != 0)
            throw new IllegalArgumentException(chunks.n() + " coordinates do not split into parameter sets of " + setSize);
        this.chunks = chunks;
        this.setSize = (int) setSize;
        this.columns = columns;
        int count = chunks.count();
        firstPiece = new int[count + 1];
        for (int c = 0; c < count; c++) {
            int from = chunks.from(c), to = from + chunks.size(c);
            firstPiece[c + 1] = firstPiece[c] + (to - 1) / this.setSize - from / this.setSize + 1;
        }
        pieceSet = new int[firstPiece[count]];
        for (int c = 0; c < count; c++)
            for (int p = firstPiece[c]; p < firstPiece[c + 1]; p++) pieceSet[p] = chunks.from(c) / this.setSize + p - firstPiece[c];
        pieces = new double[pieceSet.length * columns];
        totals = new double[chunks.n() / this.setSize * columns];
    }

    /** Calls {@code action} for every set chunk c overlaps, in row order. */
    void forEachPiece(int c, PieceAction action) {
        int from = chunks.from(c), to = from + chunks.size(c);
        for (int p = firstPiece[c]; p < firstPiece[c + 1]; p++) {
            int set = pieceSet[p];
            action.accept(p, set, Math.max(from, set * setSize), Math.min(to, (set + 1) * setSize));
        }
    }

    void setPiece(int piece, int column, double sum) { pieces[piece * columns + column] = sum; }

    /** Each set's total: its pieces added in row order. */
    void reduce() {
        java.util.Arrays.fill(totals, 0);
        for (int p = 0; p < pieceSet.length; p++)
            for (int j = 0; j < columns; j++) totals[pieceSet[p] * columns + j] += pieces[p * columns + j];
    }

    double mean(int set, int column) { return totals[set * columns + column] / setSize; }

    int setSize() { return setSize; }

    /** Pieces of chunk c: the column sums of {@code block}'s rows of each set (block: all n rows). */
    void sumColumns(Block block, int c) {
        boolean f = block.f32;
        forEachPiece(c, (piece, set, from, to) -> {
            for (int j = 0; j < block.cols; j++) {
                long col = block.column(j);
                double sum = 0;
                for (int i = from; i < to; i++) sum += Raw.get(f, col, i);
                setPiece(piece, j, sum);
            }
        });
    }

    /** After {@link #reduce} of {@link #sumColumns}: chunk c's rows of {@code block} replaced by their set's column means. */
    void writeMeans(Block block, int c) {
        boolean f = block.f32;
        forEachPiece(c, (piece, set, from, to) -> {
            for (int j = 0; j < block.cols; j++) {
                long col = block.column(j);
                double mean = mean(set, j);
                for (int i = from; i < to; i++) Raw.put(f, col, i, mean);
            }
        });
    }
}
