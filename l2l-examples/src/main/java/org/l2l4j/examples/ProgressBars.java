package org.l2l4j.examples;

import java.time.Duration;
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

    /** @param done units already done before this run (a resumed meta-training), taking {@code elapsed} */
    static ProgressBar start(String task, long max, long done, Duration elapsed) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .startsFrom(done, elapsed)
                // block characters and colours only on a terminal; a log file gets plain ASCII
                .setStyle(System.console() != null ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .continuousUpdate()
                .setMaxRenderedLength(120)
                .build();
    }

    /** The bar as a {@link Progress}: phases as its message, units as its steps. */
    static Progress of(ProgressBar bar) {
        return new Progress() {
            @Override public void phase(String what) { bar.setExtraMessage(" " + what); }

            @Override public void advance(long units) { bar.stepBy(units); }
        };
    }
}
