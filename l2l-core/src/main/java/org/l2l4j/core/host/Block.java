package org.l2l4j.core.host;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A column-major matrix (rows x cols, columns {@link #ld} elements apart) in host memory, addressable
 * both by BLAS ({@link #pointer}) and by the fused loops ({@link #address} with {@link Raw}). For
 * per-coordinate data rows = n coordinates and each column is one plane of n values: DL4J's updater
 * state layout. A block of consecutive columns, or of consecutive rows (a chunk of coordinates, so that
 * one chunk's work stays in cache), of another block shares its memory. The block keeps its array
 * reachable, so the memory outlives every use of the address.
 */
public final class Block {
    public final INDArray array;   // the array this block lies in
    public final int rows, cols;
    public final int ld;           // elements from one column's start to the next's; rows unless a row chunk
    public final boolean f32;
    public final long address;     // of element (0, 0)
    public final Pointer pointer;  // the same element, for BLAS

    private Block(INDArray array, int rows, int cols, int ld, long address) {
        this.array = array;
        this.rows = rows;
        this.cols = cols;
        this.ld = ld;
        this.f32 = array.dataType() == DataType.FLOAT;
        this.address = address;
        Pointer p = new Pointer() { { this.address = Block.this.address; } };
        this.pointer = f32 ? new FloatPointer(p) : new DoublePointer(p);
    }

    /** A whole array: column-major 2-D, or a vector seen as one column. Must be contiguous. */
    public static Block of(INDArray a) {
        int rows, cols;
        if (a.rank() == 2 && a.ordering() == 'f' && a.stride(0) == 1 && a.stride(1) == a.size(0)) {
            rows = (int) a.size(0);
            cols = (int) a.size(1);
        } else if (a.isVector() || a.isScalar()) {
            if (a.length() > 1 && a.elementWiseStride() != 1)
                throw new IllegalArgumentException("vector is not contiguous: " + a.shapeInfoToString());
            rows = (int) a.length();
            cols = 1;
        } else {
            throw new IllegalArgumentException("need a contiguous column-major matrix or vector, got " + a.shapeInfoToString());
        }
        return at(a, 0, rows, cols);
    }

    /** rows x cols column-major, starting {@code offset} elements into contiguous array {@code a}. */
    public static Block at(INDArray a, long offset, int rows, int cols) {
        if (!HostMemory.isHostType(a.dataType()))
            throw new IllegalArgumentException("learned optimizers compute in FLOAT or DOUBLE, not " + a.dataType());
        if (offset < 0 || offset + (long) rows * cols > a.length())
            throw new IllegalArgumentException("block of " + rows + "x" + cols + " at " + offset + " exceeds its array of "
                    + a.length());
        return new Block(a, rows, cols, rows, HostMemory.address(a) + offset * a.dataType().width());
    }

    /** Columns [from, from + count) of this block. */
    public Block columns(int from, int count) {
        if (from < 0 || count < 0 || from + count > cols) throw new IndexOutOfBoundsException(from + "+" + count + " of " + cols);
        return new Block(array, rows, count, ld, address + (long) from * ld * array.dataType().width());
    }

    /** Rows [from, from + count) of this block: a chunk of coordinates, its columns {@link #ld} apart. */
    public Block rows(int from, int count) {
        if (from < 0 || count < 0 || from + count > rows) throw new IndexOutOfBoundsException(from + "+" + count + " of " + rows);
        return new Block(array, count, cols, ld, address + (long) from * array.dataType().width());
    }

    public DataType dataType() { return array.dataType(); }

    /** Address of column j. */
    public long column(int j) { return address + (long) j * ld * (f32 ? 4 : 8); }

    public double get(int row, int col) { return Raw.get(f32, address, (long) col * ld + row); }

    public void put(int row, int col, double v) { Raw.put(f32, address, (long) col * ld + row, v); }

    /** Linear index access, for a contiguous block seen as one vector. */
    public double get(int i) { return Raw.get(f32, address, i); }

    public void put(int i, double v) { Raw.put(f32, address, i, v); }

    /** Elements of a contiguous block; a row chunk of several columns has gaps, so it has no length. */
    public int length() {
        if (ld != rows && cols > 1) throw new IllegalStateException("a row chunk of " + cols + " columns is not contiguous");
        return rows * cols;
    }

    /** Sets every element to 0 (row chunks too). */
    public void zero() {
        for (int j = 0; j < cols; j++) Raw.zero(f32, column(j), rows);
    }

    /** Copies this block into {@code to} (of the same shape and type) column by column: row chunks too. */
    public void copyColumnsTo(Block to) {
        if (to.rows != rows || to.cols != cols || to.f32 != f32)
            throw new IllegalArgumentException("copy of " + rows + "x" + cols + " into " + to.rows + "x" + to.cols);
        for (int j = 0; j < cols; j++) Raw.copy(f32, column(j), to.column(j), rows);
    }

    /** Copies this block's elements, in order, into {@code to} (of the same length and type). */
    public void copyTo(Block to) {
        if (to.length() != length() || to.f32 != f32)
            throw new IllegalArgumentException("copy of " + rows + "x" + cols + " into " + to.rows + "x" + to.cols);
        for (int i = 0; i < length(); i++) Raw.put(f32, to.address, i, Raw.get(f32, address, i));
    }
}
