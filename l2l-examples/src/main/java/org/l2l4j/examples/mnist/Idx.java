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

    /**
     * @param name  the file's name, for messages
     * @param in    the file's bytes (closed by the caller)
     * @param rank  the expected number of dimensions (3 for images, 1 for labels)
     */
    public static Contents read(String name, InputStream in, int rank) throws IOException {
        var raw = new BufferedInputStream(in, 1 << 16);
        raw.mark(2);
        int b0 = raw.read(), b1 = raw.read();
        raw.reset();
        InputStream body = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        var data = new DataInputStream(body);
        int magic;
        try {
            magic = data.readInt();
        } catch (EOFException e) {
            throw new IllegalArgumentException(name + " is not an IDX file: it ends before its 4-byte header");
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
        if (size > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException(name + ": " + Arrays.toString(shape) + " is too large to hold in memory");
        byte[] bytes = new byte[(int) size];
        try {
            data.readFully(bytes);
        } catch (EOFException e) {
            throw new IllegalArgumentException(name + " is truncated: its header announces " + Arrays.toString(shape)
                    + " = " + size + " bytes of data, but the file ends before that");
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(name + " is a corrupt gzip file: " + e.getMessage());
        }
        if (data.read() != -1)
            throw new IllegalArgumentException(name + " has bytes after the " + size + " its header announces "
                    + Arrays.toString(shape) + ": not a well-formed IDX file");
        return new Contents(shape, bytes);
    }
}
