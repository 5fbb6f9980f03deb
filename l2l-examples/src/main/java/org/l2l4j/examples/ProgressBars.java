package org.l2l4j.examples;

import java.time.Duration;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.l2l4j.examples.tuning.Progress;

/** Progress bars on stderr, all of one look. */
final class ProgressBars {
    private ProgressBars() {}

    static ProgressBar start(String task, long max) {
        return start(task, max, 0, Duration.ZERO);
    }

    /** How often a log gets a line: often enough to see a run move, rarely enough to read the log. */
    static final int LOG_INTERVAL_MILLIS = 10_000;
    private static final int WIDTH = 120;

    /** @param done units already done before this run (a resumed meta-training), taking {@code elapsed} */
    static ProgressBar start(String task, long max, long done, Duration elapsed) {
        var builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .startsFrom(done, elapsed)
                .continuousUpdate()
                .setMaxRenderedLength(WIDTH);
        // On a terminal the bar redraws in place, in block characters. A log file or pipe gets plain ASCII lines,
        // one every LOG_INTERVAL_MILLIS and one at the end: a bar redrawn with carriage returns is one unreadable line there.
        if (System.console() != null) return builder.setStyle(ProgressBarStyle.UNICODE_BLOCK).setUpdateIntervalMillis(500).build();
        return builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(LOG_INTERVAL_MILLIS)
                .setConsumer(new DelegatingProgressBarConsumer(new Lines(), WIDTH)).build();
    }

    /** Prints each rendering of the bar as a line of stderr, except one equal to the last (the bar renders again when closed). */
    private static final class Lines implements Consumer<String> {
        private String last;

        @Override public void accept(String line) {
            if (!line.equals(last)) System.err.println(line);
            last = line;
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
