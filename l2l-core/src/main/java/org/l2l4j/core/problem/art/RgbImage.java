package org.l2l4j.core.problem.art;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A colour image with values in [0, 1] (nominally: a styled image may leave the range while it is optimized),
 * stored as three planes R, G, B, each row-major height x width: the layout of one image in an NCHW tensor.
 * Grey images are read as three equal planes. Immutable: every operation returns a new image.
 */
public final class RgbImage {
    private final String name;
    private final int width, height;
    private final float[] planes;

    /** @param planes R, G, B planes of height x width values each; copied */
    public RgbImage(String name, int width, int height, float[] planes) {
        this.name = Objects.requireNonNull(name, "name");
        if (width < 1 || height < 1) throw new IllegalArgumentException(name + ": image size must be positive, got " + width + "x" + height);
        if (planes.length != 3L * width * height)
            throw new IllegalArgumentException(name + ": " + planes.length + " values for a " + width + "x" + height + " RGB image");
        this.width = width;
        this.height = height;
        this.planes = planes.clone();
    }

    public String name() { return name; }

    public int width() { return width; }

    public int height() { return height; }

    /** A copy of the R, G, B planes. */
    public float[] planes() { return planes.clone(); }

    public float get(int channel, int y, int x) { return planes[(channel * height + y) * width + x]; }

    /** Reads a PNG (or any format ImageIO knows); the message names the file when it is not an image. */
    public static RgbImage read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.getFileName().toString(), in, file.toString());
        }
    }

    /** Reads an image from a stream; {@code where} names it in error messages. */
    public static RgbImage read(String name, InputStream in, String where) throws IOException {
        BufferedImage image = ImageIO.read(in);
        if (image == null) throw new IOException(where + " is not an image ImageIO can read (PNG, JPEG, BMP, GIF)");
        return of(name, image);
    }

    /**
     * The image's colours; an alpha channel is ignored. A grey image's levels are read from its raster:
     * {@code getRGB} would pass them through a linear-to-sRGB conversion and brighten them.
     */
    public static RgbImage of(String name, BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        float[] p = new float[3 * w * h];
        var raster = image.getRaster();
        boolean grey = raster.getNumBands() == 1 && image.getColorModel().getNumComponents() == 1;
        double max = (1 << image.getColorModel().getComponentSize(0)) - 1;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                if (grey) {
                    float v = (float) (raster.getSample(x, y, 0) / max);
                    for (int c = 0; c < 3; c++) p[(c * h + y) * w + x] = v;
                } else {
                    int rgb = image.getRGB(x, y);
                    p[y * w + x] = ((rgb >> 16) & 0xff) / 255f;
                    p[(h + y) * w + x] = ((rgb >> 8) & 0xff) / 255f;
                    p[(2 * h + y) * w + x] = (rgb & 0xff) / 255f;
                }
            }
        return new RgbImage(name, w, h, p);
    }

    /** 8-bit RGB, values clamped to [0, 1]. */
    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) rgb = (rgb << 8) | level(get(c, y, x));
                out.setRGB(x, y, rgb);
            }
        return out;
    }

    private static int level(float v) {
        return (int) Math.round(255 * Math.min(1, Math.max(0, v)));
    }

    /** Writes an 8-bit PNG. */
    public void writePng(Path file) throws IOException {
        if (!ImageIO.write(toBufferedImage(), "png", file.toFile())) throw new IOException("no PNG writer for " + file);
    }

    /** The square of side {@code side} whose top-left corner is (x, y). */
    public RgbImage crop(int x, int y, int side) {
        if (side < 1 || x < 0 || y < 0 || x + side > width || y + side > height)
            throw new IllegalArgumentException(name + ": a " + side + "-pixel square at (" + x + ", " + y + ") is outside " + width + "x" + height);
        float[] p = new float[3 * side * side];
        for (int c = 0; c < 3; c++)
            for (int r = 0; r < side; r++)
                System.arraycopy(planes, (c * height + y + r) * width + x, p, (c * side + r) * side, side);
        return new RgbImage(name, side, side, p);
    }

    /** Mirrored left to right. */
    public RgbImage flipped() {
        float[] p = new float[planes.length];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++) p[(c * height + y) * width + x] = get(c, y, width - 1 - x);
        return new RgbImage(name, width, height, p);
    }

    /**
     * Resized to size x size by area averaging (each output pixel is the mean of the input area it covers,
     * partial pixels weighted by their overlap): no aliasing when shrinking, which is all the crops need.
     */
    public RgbImage resized(int size) {
        if (size < 1) throw new IllegalArgumentException("size must be positive, got " + size);
        if (size == width && size == height) return this;
        float[] rows = new float[3 * height * size];   // columns resampled first
        double[][] wx = weights(width, size), wy = weights(height, size);
        int[] fx = firsts(width, size), fy = firsts(height, size);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < height; y++)
                for (int i = 0; i < size; i++) {
                    double s = 0;
                    for (int k = 0; k < wx[i].length; k++) s += wx[i][k] * get(c, y, fx[i] + k);
                    rows[(c * height + y) * size + i] = (float) s;
                }
        float[] p = new float[3 * size * size];
        for (int c = 0; c < 3; c++)
            for (int j = 0; j < size; j++)
                for (int x = 0; x < size; x++) {
                    double s = 0;
                    for (int k = 0; k < wy[j].length; k++) s += wy[j][k] * rows[(c * height + fy[j] + k) * size + x];
                    p[(c * size + j) * size + x] = (float) s;
                }
        return new RgbImage(name, size, size, p);
    }

    /** First input index each output pixel overlaps. */
    private static int[] firsts(int from, int to) {
        int[] f = new int[to];
        for (int i = 0; i < to; i++) f[i] = (int) Math.floor((double) i * from / to);
        return f;
    }

    /** Overlap weights of output pixel i with the input pixels from firsts()[i] on, summing to 1. */
    private static double[][] weights(int from, int to) {
        double scale = (double) from / to;
        double[][] w = new double[to][];
        for (int i = 0; i < to; i++) {
            double a = i * scale, b = (i + 1) * scale;
            int first = (int) Math.floor(a), last = Math.min(from - 1, (int) Math.ceil(b) - 1);
            w[i] = new double[last - first + 1];
            for (int k = first; k <= last; k++) w[i][k - first] = (Math.min(b, k + 1) - Math.max(a, k)) / scale;
        }
        return w;
    }
}
