package org.l2l4j.core.problem.art;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RgbImageTest {

    private static RgbImage ramp(int w, int h) {
        float[] p = new float[3 * w * h];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < w * h; i++) p[c * w * h + i] = i + 100 * c;
        return new RgbImage("ramp", w, h, p);
    }

    @Test
    void shrinkingAveragesTheAreaEachPixelCovers() {
        RgbImage halved = ramp(4, 4).resized(2);
        // top-left 2x2 block of 0, 1, 4, 5
        assertEquals(2.5, halved.get(0, 0, 0), 1e-6);
        assertEquals(12.5, halved.get(0, 1, 1), 1e-6);   // 10, 11, 14, 15
        assertEquals(102.5, halved.get(1, 0, 0), 1e-6);
        // 3 -> 2: output pixels cover 1.5 input pixels each, the middle one split between them
        RgbImage row = new RgbImage("r", 3, 3, new float[]{0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
                .resized(2);
        assertEquals(1.0 / 3, row.get(0, 0, 0), 1e-6);
        assertEquals(5.0 / 3, row.get(0, 1, 1), 1e-6);
    }

    @Test
    void cropAndFlipMoveThePixelsTheySay() {
        RgbImage image = ramp(5, 4);
        RgbImage crop = image.crop(1, 2, 2);
        assertEquals(image.get(2, 2, 1), crop.get(2, 0, 0));
        assertEquals(image.get(0, 3, 2), crop.get(0, 1, 1));
        RgbImage flipped = image.flipped();
        assertEquals(image.get(1, 1, 4), flipped.get(1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> image.crop(4, 0, 2));
    }

    @Test
    void greyLevelsAreReadAsTheyAreStored(@TempDir Path dir) throws Exception {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 100);
        grey.getRaster().setSample(1, 0, 0, 255);
        Path file = dir.resolve("grey.png");
        ImageIO.write(grey, "png", file.toFile());
        RgbImage read = RgbImage.read(file);
        for (int c = 0; c < 3; c++) {
            assertEquals(100 / 255f, read.get(c, 0, 0), 1e-7, "getRGB would brighten a grey level through sRGB");
            assertEquals(1f, read.get(c, 0, 1), 1e-7);
        }
    }

    @Test
    void eightBitColourSurvivesAWriteAndARead(@TempDir Path dir) throws Exception {
        var rng = new SplittableRandom(3);
        float[] p = new float[3 * 6 * 5];
        for (int i = 0; i < p.length; i++) p[i] = rng.nextInt(256) / 255f;
        RgbImage image = new RgbImage("c", 6, 5, p);
        Path file = dir.resolve("c.png");
        image.writePng(file);
        assertArrayEquals(p, RgbImage.read(file).planes(), 1e-7f);
        Files.writeString(dir.resolve("not.png"), "text");
        var e = assertThrows(java.io.IOException.class, () -> RgbImage.read(dir.resolve("not.png")));
        assertTrue(e.getMessage().contains("not.png"), e.getMessage());
    }

    @Test
    void cropsComeFromTheirPhotographsAtTheSizeAskedFor() {
        float[] red = new float[3 * 40 * 30];
        java.util.Arrays.fill(red, 0, 40 * 30, 1f);
        var crops = new ContentCrops(List.of(new RgbImage("red", 40, 30, red)));
        RgbImage a = crops.draw(new SplittableRandom(5), 12), b = crops.draw(new SplittableRandom(5), 12);
        assertEquals(12, a.width());
        assertArrayEquals(a.planes(), b.planes(), "a crop is decided by its generator alone");
        for (int y = 0; y < 12; y++) {
            assertEquals(1f, a.get(0, y, 3), 1e-6);
            assertEquals(0f, a.get(1, y, 3), 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> crops.draw(new SplittableRandom(1), 31));
    }
}
