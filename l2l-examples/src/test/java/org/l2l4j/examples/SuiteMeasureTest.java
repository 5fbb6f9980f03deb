package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A zoo entry's measured result from suite.json: the geometric mean of the learned/Adam-1e-3 final-loss ratios. */
class SuiteMeasureTest {
    @TempDir Path dir;

    private Path suite(String learnedSecond) throws Exception {
        String json = """
                {"settings": {}, "tasks": [
                  {"name": "a", "results": [
                    {"optimizer": "adam-default", "kind": "baseline", "finalLoss": 0.2, "seeds": [1, 2, 3]},
                    {"optimizer": "mine.l2l", "kind": "learned", "finalLoss": 0.1, "seeds": [1, 2, 3]}]},
                  {"name": "b", "results": [
                    {"optimizer": "adam-default", "kind": "baseline", "finalLoss": 1.0, "seeds": [1, 2, 3]},
                    {"optimizer": "adam-tuned", "kind": "baseline", "finalLoss": 0.01, "seeds": [1, 2, 3]},
                    {"optimizer": "mine.l2l", "kind": "learned", "finalLoss": %s, "seeds": [1, 2, 3]}]}]}
                """.formatted(learnedSecond);
        Path file = dir.resolve("suite.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void theGeometricMeanOfTheRatiosToDefaultAdam() throws Exception {
        Path file = suite("8.0");
        assertTrue(SuiteMeasure.isSuite(file));
        var m = SuiteMeasure.measured(file, null);
        assertEquals(2.0, m.learned(), 1e-12, "sqrt(0.5 * 8)");
        assertEquals(1.0, m.baselineValue(), 0.0);
        assertTrue(m.protocol().contains("tasks a, b, 3 seeds"), m.protocol());
        assertTrue(Double.isNaN(SuiteMeasure.measured(suite("null"), null).learned()), "a diverged task is not hidden");
        var e = assertThrows(IllegalArgumentException.class, () -> SuiteMeasure.measured(file, "other.l2l"));
        assertTrue(e.getMessage().contains("0 learned optimizers named other.l2l"), e.getMessage());
    }
}
