package org.l2l4j.examples.mnist;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX format of the MNIST files (big-endian magic, dimension sizes, then unsigned bytes),
 * plain or gzip-compressed. Only unsigned-byte data (type 0x08) occurs in MNIST and is accepted; a file
 * that ends early, has trailing bytes or another magic is refused with a message that names the file.
 */
public final class Idx {
    private Idx() {}

    /** Dimension sizes and the data, row-major. */
    public record Contents(int[] shape, byte[] data) {
        public int count() { return shape[0]; }
    }

    static final int UNSIGNED_BYTE = 0x08;

    /** A stream of unknown length: {@link #read(String, InputStream, long, int)} with length -1. */
    public static Contents read(String name, InputStream in, int rank) throws IOException {
        return read(name, in, -1, rank);
    }

    /**
     * Deflate's largest expansion: a gzip file of n bytes holds at most about 1032 n bytes of data, so a header
     * announcing more is refused before anything is allocated.
     */
    static final long GZIP_MAX_RATIO = 1032;

    /**
     * @param name   the file's name, for messages
     * @param in     the file's bytes (closed by the caller)
     * @param length the file's size in bytes, as stored (compressed or not); -1 when unknown. A header announcing
     *               more data than that can hold is refused before anything is allocated
     * @param rank   the expected number of dimensions (3 for images, 1 for labels)
     */
    public static Contents read(String name, InputStream in, long length, int rank) throws IOException {
        var raw = new BufferedInputStream(in, 1 << 16);
        raw.mark(2);
        int b0 = raw.read(), b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        InputStream body;
        try {
            body = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
        } catch (java.util.zip.ZipException | EOFException e) {
            throw new IllegalArgumentException(name + " starts like a gzip file but is not one: " + e.getMessage());
        }
        var data = new DataInputStream(body);
        int magic;
        try {
            magic = data.readInt();
        } catch (EOFException e) {
            throw new IllegalArgumentException(name + " is not an IDX file: it ends before its 4-byte header");
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(name + " is a corrupt gzip file: " + e.getMessage());
        }
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != UNSIGNED_BYTE || (magic & 0xff) != rank)
            throw new IllegalArgumentException(name + " is not an IDX file of " + rank + "-dimensional unsigned bytes: magic "
                    + magic + " (expected " + ((UNSIGNED_BYTE << 8) | rank) + ")");
        int[] shape = new int[rank];
        long size = 1;
        try {
            for (int i = 0; i < rank; i++) {
                shape[i] = data.readInt();
                if (shape[i] < 0) throw new IllegalArgumentException(name + ": negative dimension " + shape[i]);
                size *= shape[i];
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException(name + " is truncated: it ends inside its header");
        }
        long header = 4 + 4L * rank;
        if (length >= 0 && (gzip ? size > GZIP_MAX_RATIO * length : header + size > length))
            throw new IllegalArgumentException(name + " is truncated or corrupt: its header announces " + Arrays.toString(shape)
                    + " = " + size + " bytes of data, more than " + (gzip ? "a gzip file of " + length + " bytes can hold"
                    : "the " + (length - header) + " after the header of this " + length + "-byte file"));
        if (size > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException(name + ": " + Arrays.toString(shape) + " is too large to hold in memory");
        byte[] bytes;
        try {
            // grows with what arrives, so a header that promises more than a gzip stream holds costs no more memory
            bytes = data.readNBytes((int) size);
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(name + " is a corrupt gzip file: " + e.getMessage());
        } catch (EOFException e) {
            throw new IllegalArgumentException(name + " is truncated: its gzip stream ends early");
        }
        if (bytes.length < size)
            throw new IllegalArgumentException(name + " is truncated: its header announces " + Arrays.toString(shape)
                    + " = " + size + " bytes of data, but the file ends after " + bytes.length);
        if (data.read() != -1)
            throw new IllegalArgumentException(name + " has bytes after the " + size + " its header announces "
                    + Arrays.toString(shape) + ": not a well-formed IDX file");
        return new Contents(shape, bytes);
    }
}
