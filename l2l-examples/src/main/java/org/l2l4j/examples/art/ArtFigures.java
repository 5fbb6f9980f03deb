package org.l2l4j.examples.art;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.StepRule;
import org.l2l4j.core.problem.art.NeuralArtFamily;
import org.l2l4j.core.problem.art.RgbImage;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The paper's Figure 6: content, styled and style image side by side, one row per problem instance, the styled
 * image being where an optimizer got in the comparison's number of steps.
 */
public final class ArtFigures {
    /** Panels are enlarged by a whole factor (nearest neighbour, so every pixel shows) to at least this side. */
    static final int MIN_PANEL = 192, GAP = 6;

    private ArtFigures() {}

    /** The styled images of instances 0 .. count-1 of {@code split} after {@code steps} steps of {@code rule}. */
    public static List<RgbImage> styled(NeuralArtFamily family, long seed, Seeds.Purpose split, int steps, int count,
                                        Function<ProblemBatch, StepRule> rule, DataType type) {
        ProblemBatch batch = family.sample(seed, split, 0, count, type);
        INDArray last = batch.initialParameters();
        Rollout.run(batch, rule.apply(batch), steps, last);
        int pixels = 3 * family.size() * family.size();
        float[] all = last.castTo(DataType.FLOAT).data().asFloat();
        List<RgbImage> images = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            float[] p = new float[pixels];
            System.arraycopy(all, k * pixels, p, 0, pixels);
            images.add(new RgbImage("styled " + k, family.size(), family.size(), p));
        }
        return images;
    }

    /** Rows of content | styled | style for instances 0, 1, ... of {@code split}. */
    public static BufferedImage triples(NeuralArtFamily family, long seed, Seeds.Purpose split, List<RgbImage> styled) {
        RgbImage style = family.stylePatch();
        int size = family.size(), factor = Math.max(1, (MIN_PANEL + size - 1) / size), panel = size * factor;
        int rows = styled.size();
        BufferedImage out = new BufferedImage(3 * panel + 4 * GAP, rows * panel + (rows + 1) * GAP, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.dispose();
        for (int k = 0; k < rows; k++) {
            RgbImage[] row = {family.contentImage(seed, split, k), styled.get(k), style};
            for (int c = 0; c < 3; c++) paste(out, row[c].toBufferedImage(), factor, GAP + c * (panel + GAP), GAP + k * (panel + GAP));
        }
        return out;
    }

    private static void paste(BufferedImage out, BufferedImage image, int factor, int left, int top) {
        for (int y = 0; y < image.getHeight() * factor; y++)
            for (int x = 0; x < image.getWidth() * factor; x++) out.setRGB(left + x, top + y, image.getRGB(x / factor, y / factor));
    }

    public static void writePng(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer for " + file);
    }
}
