package org.l2l4j.examples.visualize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.l2l4j.examples.plot.ChartGrid;
import org.l2l4j.examples.plot.LineChart;

/**
 * The two figures of a {@link Visualization}: the proposals along the trajectory, one panel per coordinate
 * (the paper's Figure 9), and the proposals against the current gradient, one row per coordinate and one
 * column per sweep step (Figure 10). The learned optimizer is drawn solid, the baselines dashed; in a sweep
 * a point marks the gradient the trajectory read and the step the learned optimizer took.
 */
public final class VisualizationCharts {
    static final int PANEL_WIDTH = 560, PANEL_HEIGHT = 400;
    /** Figure 9 puts at most this many coordinates side by side. */
    static final int UPDATE_COLUMNS = 2;

    private VisualizationCharts() {}

    public static ChartGrid updates(Visualization v) {
        List<LineChart> panels = new ArrayList<>();
        for (Visualization.Coordinate c : v.coordinates()) {
            var chart = new LineChart(v.optimizer() + ", coordinate " + c.index(), "step", "proposed update", false)
                    .size(PANEL_WIDTH, PANEL_HEIGHT);
            double[] steps = IntStream.range(0, v.steps()).asDoubleStream().toArray();
            addCurves(chart, v.optimizer(), steps, c.updates());
            panels.add(chart);
        }
        return new ChartGrid(panels, UPDATE_COLUMNS);
    }

    public static ChartGrid sweeps(Visualization v) {
        List<LineChart> panels = new ArrayList<>();
        int columns = 1;
        for (Visualization.Coordinate c : v.coordinates()) {
            columns = Math.max(columns, c.sweeps().size());
            for (Visualization.Sweep s : c.sweeps()) {
                var chart = new LineChart("coordinate " + c.index() + ", step " + s.step(), "gradient", "proposed update", false)
                        .size(PANEL_WIDTH, PANEL_HEIGHT);
                addCurves(chart, v.optimizer(), s.gradient(), s.updates());
                chart.add("observed", new double[]{s.observedGradient()}, new double[]{s.takenStep()}, LineChart.Style.POINTS);
                panels.add(chart);
            }
        }
        if (panels.isEmpty()) throw new IllegalArgumentException("no sweep to draw: no sweep step was given");
        return new ChartGrid(panels, columns);
    }

    private static void addCurves(LineChart chart, String learned, double[] x, Map<String, double[]> updates) {
        updates.forEach((name, y) -> chart.add(name, x, y, name.equals(learned) ? LineChart.Style.SOLID : LineChart.Style.DASHED));
    }
}
