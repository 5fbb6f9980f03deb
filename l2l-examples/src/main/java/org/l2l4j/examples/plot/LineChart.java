package org.l2l4j.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart of curves such as loss per step, written as PNG and SVG with XChart. Learned optimizers
 * are usually drawn {@link Style#SOLID} and hand-designed baselines {@link Style#DASHED}, so the two
 * kinds read apart at a glance even in grey print.
 */
public final class LineChart {
    public static final int WIDTH = 800, HEIGHT = 600;

    /** POINTS: markers and no line, for a few measured points among curves. */
    public enum Style { SOLID, DASHED, POINTS }

    private record Line(String name, double[] x, double[] y, Style style) {}

    // matplotlib's tab10: distinct, colour-blind-tolerant, familiar from the paper's figures
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf)};
    private static final BasicStroke SOLID = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
            10f, new float[]{6f, 4f}, 0f);

    private final String title, xTitle, yTitle;
    private final boolean logY;
    private final List<Line> lines = new ArrayList<>();
    private boolean logX, markers;
    private int width = WIDTH, height = HEIGHT;
    private double yMax = Double.NaN;

    public LineChart(String title, String xTitle, String yTitle, boolean logY) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.logY = logY;
    }

    /** A logarithmic x axis (learning rates), points marked: a grid's points are what was measured. */
    public LineChart logXWithMarkers() {
        logX = true;
        markers = true;
        return this;
    }

    /** Another size than {@link #WIDTH} x {@link #HEIGHT}, for a panel of a {@link ChartGrid}. */
    public LineChart size(int width, int height) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("chart size " + width + " x " + height);
        this.width = width;
        this.height = height;
        return this;
    }

    /** Stops the y axis at {@code max}: what lies above leaves the plot (as the paper zooms in on its Figure 8). */
    public LineChart yAxisMax(double max) {
        if (!(max > 0) || Double.isInfinite(max)) throw new IllegalArgumentException("the y axis must stop at a positive, finite value, got " + max);
        yMax = max;
        return this;
    }

    public String title() { return title; }

    /** Where the y axis stops, if {@link #yAxisMax(double)} set it. */
    public OptionalDouble yAxisMax() {
        return Double.isNaN(yMax) ? OptionalDouble.empty() : OptionalDouble.of(yMax);
    }

    int width() { return width; }

    int height() { return height; }

    /** Adds a curve over steps 0, 1, ..., y.length - 1. */
    public LineChart add(String name, double[] y, Style style) {
        return add(name, IntStream.range(0, y.length).asDoubleStream().toArray(), y, style);
    }

    public LineChart add(String name, double[] x, double[] y, Style style) {
        if (x.length != y.length) throw new IllegalArgumentException(name + ": " + x.length + " x values, " + y.length + " y values");
        if (name.isBlank() || lines.stream().anyMatch(l -> l.name.equals(name)))
            throw new IllegalArgumentException("curve names must be unique and not blank: '" + name + "'");
        lines.add(new Line(name, x.clone(), y.clone(), style));
        return this;
    }

    public void writePng(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(build(), out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    public void writeSvg(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            VectorGraphicsEncoder.saveVectorGraphic(build(), out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
    }

    /** Charts side by side in one PNG, each {@value #WIDTH} x {@value #HEIGHT}. */
    public static void writePng(Path file, List<LineChart> charts) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(charts.stream().map(LineChart::build).toList(), 1, charts.size(), out,
                    BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** Charts side by side in one SVG (XChart's own encoder draws one chart: these are painted side by side). */
    public static void writeSvg(Path file, List<LineChart> charts) throws IOException {
        var graphics = new VectorGraphics2D();
        for (LineChart chart : charts) {
            chart.build().paint(graphics, WIDTH, HEIGHT);
            graphics.translate(WIDTH, 0);
        }
        Document svg = Processors.get("svg").getDocument(graphics.getCommands(),
                new PageSize(0, 0, (double) WIDTH * charts.size(), HEIGHT));
        try (OutputStream out = Files.newOutputStream(file)) {
            svg.writeTo(out);
        }
    }

    XYChart build() {
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        var styler = chart.getStyler();
        styler.setYAxisLogarithmic(logY);
        styler.setXAxisLogarithmic(logX);
        if (!Double.isNaN(yMax)) styler.setYAxisMax(yMax);
        // Labels between decades only when the curves span less than two: else they crowd each other.
        styler.setYAxisLogarithmicDecadeOnly(decades() >= 2);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setLegendBorderColor(Color.WHITE);
        boolean points = lines.stream().anyMatch(l -> l.style == Style.POINTS);
        styler.setMarkerSize(markers || points ? 6 : 0);
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            XYSeries series = chart.addSeries(line.name, line.x, logY ? positiveOrGap(line.y) : line.y);
            series.setMarker(markers || line.style == Style.POINTS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            series.setMarkerColor(PALETTE[i % PALETTE.length]);
            series.setLineColor(PALETTE[i % PALETTE.length]);
            series.setLineStyle(switch (line.style) {
                case SOLID -> SOLID;
                case DASHED -> DASHED;
                case POINTS -> SeriesLines.NONE;
            });
        }
        if (!logX) spreadTicks(chart);
        return chart;
    }

    /** Decades the plotted y values span on a log axis (0 for a linear axis or no positive value). */
    private double decades() {
        if (!logY) return 0;
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (Line line : lines)
            for (double v : positiveOrGap(line.y))
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
        if (!Double.isNaN(yMax)) max = Math.min(max, yMax);
        return max > 0 ? Math.log10(max / min) : 0;
    }

    /**
     * XChart 3.8.8 puts x ticks at (nearly) every point when all x values are equally spaced, so 100
     * steps get unreadable, overlapping labels (knowm/XChart#731); one hidden point off the grid makes it
     * choose round tick spacing as for any other data.
     */
    private void spreadTicks(XYChart chart) {
        for (Line line : lines) {
            double[] y = logY ? positiveOrGap(line.y) : line.y;
            for (int i = 0; i + 1 < line.x.length; i++) {
                if (!Double.isFinite(y[i])) continue;
                XYSeries hidden = chart.addSeries(" ", new double[]{(line.x[i] + line.x[i + 1]) / 2}, new double[]{y[i]});
                hidden.setShowInLegend(false);
                hidden.setLineStyle(SeriesLines.NONE);
                hidden.setMarker(SeriesMarkers.NONE);
                return;
            }
        }
    }

    /**
     * A log axis cannot show zero, negative or non-finite values (XChart rejects the series): they become
     * gaps, so one diverged or exactly solved run does not cost the whole chart.
     */
    static double[] positiveOrGap(double[] y) {
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) if (!(out[i] > 0) || Double.isInfinite(out[i])) out[i] = Double.NaN;
        return out;
    }
}
