package org.l2l4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.l2l4j.examples.tuning.Progress;

/**
 * Progress bars on stderr, all of one look: redrawn in place twice a second on a terminal; in a log file or a
 * pipe, a plain line when the work has moved on, at most every {@link #LOG_INTERVAL} (a redraw there is a
 * carriage return and a new copy of the line, thousands of them in a long run).
 */
final class ProgressBars {
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final int WIDTH = 120;

    private ProgressBars() {}

    static ProgressBar start(String task, long max) {
        return start(task, max, 0, Duration.ZERO);
    }

    /** @param done units already done before this run (a resumed meta-training), taking {@code elapsed} */
    static ProgressBar start(String task, long max, long done, Duration elapsed) {
        var builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .startsFrom(done, elapsed)
                .setMaxRenderedLength(WIDTH);
        if (stderrIsTerminal())
            return builder.setStyle(ProgressBarStyle.UNICODE_BLOCK).setUpdateIntervalMillis(500).continuousUpdate().build();
        return builder.setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis((int) LOG_INTERVAL.toMillis())
                .setConsumer(new DelegatingProgressBarConsumer(new Lines(), WIDTH))
                .build();
    }

    /** Each rendering of the bar as a line of stderr, but not the same line twice (closing renders the last one again). */
    private static final class Lines implements Consumer<String> {
        private String last;

        @Override public void accept(String line) {
            if (line.equals(last)) return;
            last = line;
            System.err.println(line);
            System.err.flush();
        }
    }

    /** Whether stderr is a terminal: on Linux, what /proc/self/fd/2 links to; elsewhere, whether the JVM has a console. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** The bar as a {@link Progress}: phases as its message, units as its steps. */
    static Progress of(ProgressBar bar) {
        return new Progress() {
            @Override public void phase(String what) { bar.setExtraMessage(" " + what); }

            @Override public void advance(long units) { bar.stepBy(units); }
        };
    }
}
