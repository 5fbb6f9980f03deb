package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressBarsTest {

    /** Tests run without a console, as a command whose stderr goes to a log: the bar must come as whole lines. */
    @Test void withoutATerminalTheBarIsPlainLinesNotRedrawnInPlace() {
        PrintStream stderr = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ProgressBar bar = ProgressBars.start("task", 3)) {
            bar.stepBy(3);
        } finally {
            System.setErr(stderr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains("\r"), "no carriage return: " + log);
        assertTrue(log.endsWith("\n"), log);
        String last = log.strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("task 100%") && last.contains("3/3"), log);
        assertEquals(log.strip().lines().count(), log.strip().lines().distinct().count(), "no line twice: " + log);
    }
}
