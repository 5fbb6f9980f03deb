package org.l2l4j.examples.suite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.l2l4j.examples.plot.LineChart;

/** One figure per task: mean training loss against iteration and against wall time; learned solid, baselines dashed. */
final class SuitePlots {
    private SuitePlots() {}

    static List<LineChart> charts(TaskResult t) {
        int seeds = t.results().isEmpty() ? 0 : t.results().get(0).seeds().size();
        String title = t.name() + ": training loss, mean of " + seeds + " seed" + (seeds == 1 ? "" : "s");
        var byIteration = new LineChart(title, "iteration", "training loss", true);
        var byTime = new LineChart(title, "wall time (s)", "training loss", true);
        for (OptimizerResult r : t.results()) {
            var style = r.kind() == OptimizerResult.Kind.learned ? LineChart.Style.SOLID : LineChart.Style.DASHED;
            byIteration.add(r.optimizer(), r.meanLoss(), style);
            int n = 0;   // iterations that every seed reached: beyond, the mean time is undefined
            while (n < r.meanSeconds().length && Double.isFinite(r.meanSeconds()[n])) n++;
            if (n > 0) byTime.add(r.optimizer(), java.util.Arrays.copyOf(r.meanSeconds(), n), java.util.Arrays.copyOf(r.meanLoss(), n), style);
        }
        return List.of(byIteration, byTime);
    }

    static void write(TaskResult t, Path dir) throws IOException {
        List<LineChart> charts = charts(t);
        LineChart.writePng(dir.resolve(t.name() + ".png"), charts);
        LineChart.writeSvg(dir.resolve(t.name() + ".svg"), charts);
    }
}
