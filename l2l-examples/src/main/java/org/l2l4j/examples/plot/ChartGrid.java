package org.l2l4j.examples.plot;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/**
 * Panels of equal size in rows, written as one PNG or one SVG: a figure of several small charts, as the
 * paper's figures are. XChart writes a grid of charts as a bitmap only; the SVG is painted the way its
 * {@code VectorGraphicsEncoder} paints one chart, each panel at its place on one page.
 */
public final class ChartGrid {
    private final List<LineChart> panels;
    private final int columns, rows, width, height;

    /** @param panels all of the same size, filled row by row */
    public ChartGrid(List<LineChart> panels, int columns) {
        if (panels.isEmpty()) throw new IllegalArgumentException("a grid of no charts");
        if (columns < 1) throw new IllegalArgumentException("a grid needs at least one column, got " + columns);
        this.panels = List.copyOf(panels);
        this.columns = Math.min(columns, panels.size());
        this.rows = (panels.size() + this.columns - 1) / this.columns;
        this.width = panels.get(0).width();
        this.height = panels.get(0).height();
        for (LineChart p : panels)
            if (p.width() != width || p.height() != height)
                throw new IllegalArgumentException("panels of a grid must be of one size: " + width + " x " + height + " and "
                        + p.width() + " x " + p.height());
    }

    public int width() { return columns * width; }

    public int height() { return rows * height; }

    public void writePng(Path file) throws IOException {
        List<XYChart> charts = panels.stream().map(LineChart::build).toList();
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(charts, rows, columns, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    public void writeSvg(Path file) throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D panel = (Graphics2D) g.create((i % columns) * width, (i / columns) * height, width, height);
            panels.get(i).build().paint(panel, width, height);
            panel.dispose();
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width(), height())).writeTo(out);
        }
    }
}
