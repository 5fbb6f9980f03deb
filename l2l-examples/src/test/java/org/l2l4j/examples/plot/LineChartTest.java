package org.l2l4j.examples.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
    @TempDir Path dir;

    @Test void aLogChartDrawsZeroAndNonFiniteValuesAsGapsInsteadOfFailing() throws IOException {
        var chart = new LineChart("gaps", "step", "loss", true)
                .add("solved", new double[]{4, 2, 0, 0}, LineChart.Style.SOLID)
                .add("diverged", new double[]{4, 8, Double.POSITIVE_INFINITY, Double.NaN}, LineChart.Style.DASHED);
        chart.writePng(dir.resolve("gaps.png"));
        chart.writeSvg(dir.resolve("gaps.svg"));
        var image = ImageIO.read(dir.resolve("gaps.png").toFile());
        assertEquals(LineChart.WIDTH, image.getWidth());
        assertEquals(LineChart.HEIGHT, image.getHeight());
        assertTrue(Files.readString(dir.resolve("gaps.svg")).contains("</svg>"));
        assertArrayEquals(new double[]{4, Double.NaN, Double.NaN, Double.NaN},
                LineChart.positiveOrGap(new double[]{4, -1, Double.POSITIVE_INFINITY, Double.NaN}));
    }

    @Test void aStoppedYAxisIsXChartsAndOnlyPositiveFiniteStopsAreTaken() throws IOException {
        var chart = new LineChart("cut", "step", "loss", true)
                .add("spike", new double[]{2, 3e4, 1}, LineChart.Style.DASHED).yAxisMax(6);
        assertEquals(6.0, chart.build().getStyler().getYAxisMax());
        chart.writePng(dir.resolve("cut.png"));
        assertEquals(LineChart.WIDTH, ImageIO.read(dir.resolve("cut.png").toFile()).getWidth());
        for (double bad : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY})
            assertThrows(IllegalArgumentException.class, () -> chart.yAxisMax(bad), "stop at " + bad);
    }

    @Test void curvesNeedDistinctNames() {
        var chart = new LineChart("t", "x", "y", false).add("adam", new double[]{1, 2}, LineChart.Style.DASHED);
        assertThrows(IllegalArgumentException.class, () -> chart.add("adam", new double[]{1, 2}, LineChart.Style.SOLID));
        assertThrows(IllegalArgumentException.class, () -> chart.add(" ", new double[]{1, 2}, LineChart.Style.SOLID));
    }
}
