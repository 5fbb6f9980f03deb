package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.l2l4j.examples.L2lCommandTest.fieldNames;
import static org.l2l4j.examples.L2lCommandTest.names;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.examples.L2lCommandTest.Run;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** {@code l2l visualize} in-process with tiny settings: what it writes, and what it refuses before any work. */
class VisualizeCommandTest {
    @TempDir static Path dir;

    private static Run visualize(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("visualize", "--optimizer", "zoo:quadratic", "--problem", "quadratic",
                "--steps", "10", "--grid", "coarse", "--tuning-instances", "4", "--tuning-cache", dir.resolve("cache").toString(),
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return L2lCommandTest.l2l(args.toArray(String[]::new));
    }

    @Test void writesBothFiguresAsPngAndSvgAndTheNumbersAsJson() throws IOException {
        Path out = dir.resolve("quadratic");
        Run run = visualize(out, "--sweep-steps", "0,4,9", "--sweep-points", "11");
        assertEquals(0, run.exitCode(), run.err());

        JsonNode json = new ObjectMapper().readTree(out.resolve("visualize.json").toFile());
        assertEquals("zoo:quadratic", json.get("optimizer").asText());
        assertEquals("lstm", json.get("architecture").asText());
        assertEquals("test", json.get("instance").get("split").asText());
        assertEquals(10, json.get("instance").get("dimension").asInt());
        assertEquals(11, json.get("loss").size(), "the loss at steps 0 .. 10");
        assertEquals(List.of("sgd", "adam"), names(json.get("baselines")));
        for (JsonNode b : json.get("baselines")) assertTrue(b.get("learningRate").asDouble() > 0, "a tuned rate");
        assertEquals(2, json.get("coordinates").size(), "two coordinates by default");
        for (JsonNode c : json.get("coordinates")) {
            assertEquals(10, c.get("gradient").size());
            assertEquals(List.of("zoo:quadratic", "sgd", "adam"), fieldNames(c.get("updates")));
            assertEquals(3, c.get("sweeps").size());
            for (JsonNode s : c.get("sweeps")) {
                int observed = s.get("observedIndex").asInt();
                assertTrue(s.get("gradient").size() >= 11, s.toString());
                assertEquals(s.get("takenStep").asDouble(), s.get("updates").get("zoo:quadratic").get(observed).asDouble(), 0.0);
            }
        }
        assertTrue(run.out().contains("the 6 swept curves pass exactly through the steps taken at the observed gradients"), run.out());

        // Figure 9: one panel per coordinate side by side; Figure 10: a row per coordinate, a column per sweep step
        BufferedImage updates = ImageIO.read(out.resolve("updates.png").toFile()), sweeps = ImageIO.read(out.resolve("sweeps.png").toFile());
        assertEquals(2 * 560, updates.getWidth());
        assertEquals(400, updates.getHeight());
        assertEquals(3 * 560, sweeps.getWidth());
        assertEquals(2 * 400, sweeps.getHeight());
        for (String svg : List.of("updates.svg", "sweeps.svg")) {
            String text = Files.readString(out.resolve(svg));
            assertTrue(text.contains("<svg") && text.contains("</svg>") && text.contains("<path"), svg + " is a drawing");
        }
        assertTrue(run.out().contains("wrote visualize.json, updates.png, updates.svg, sweeps.png and sweeps.svg"), run.out());
    }

    @Test void runsOnMnistNetworksWithGivenCoordinates() throws IOException {
        Path out = dir.resolve("mnist");
        Run run = L2lCommandTest.l2l("visualize", "--optimizer", "zoo:mnist", "--problem", "mnist", "--hidden", "4", "--steps", "4",
                "--coordinates", "3189,7", "--sweep-steps", "3", "--sweep-points", "5", "--grid", "coarse", "--tuning-instances", "2",
                "--baselines", "adam", "--tuning-cache", dir.resolve("cache").toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("visualize.json").toFile());
        assertEquals(784 * 4 + 4 + 4 * 10 + 10, json.get("instance").get("dimension").asInt());
        assertEquals(3189, json.get("coordinates").get(0).get("index").asInt());
        assertEquals(7, json.get("coordinates").get(1).get("index").asInt());
        assertTrue(json.get("coordinateRule").asText().startsWith("given: 3189,7"), json.get("coordinateRule").asText());
        assertEquals(List.of("zoo:mnist", "adam"), fieldNames(json.get("coordinates").get(0).get("updates")));
    }

    @Test void badInputIsRefusedByNameBeforeAnyWork() throws IOException {
        Path out = dir.resolve("never");
        assertRefused(visualize(out, "--coordinates", "4,10"),
                "coordinate 10 is not a coordinate of the quadratic problem, which has 10 (0 .. 9)");
        assertRefused(visualize(out, "--sweep-steps", "0,10"),
                "sweep step 10 is not a step of the trajectory: steps are 0 .. 9 (--steps 10)");
        assertRefused(visualize(out, "--coordinates", "1", "--coordinate-count", "3"), "give --coordinates or --coordinate-count, not both");
        assertRefused(visualize(out, "--coordinate-count", "11"), "--coordinate-count 11 is more than the quadratic problem's 10 coordinates");
        assertRefused(visualize(out, "--sweep-range", "0"), "--sweep-range must be a finite half-width > 0, got 0.0");
        assertRefused(visualize(out, "--instance", "-1"), "--instance must be 0 or more, got -1");
        assertFalse(Files.exists(out), "nothing written before the inputs are checked");

        Path file = dir.resolve("a-file");
        Files.writeString(file, "keep me");
        assertRefused(visualize(file), "--out " + file + " exists and is not a directory");
        assertEquals("keep me", Files.readString(file), "the file is left as it was");

        Path missing = dir.resolve("nowhere.l2l");
        Run run = L2lCommandTest.l2l("visualize", "--optimizer", missing.toString(), "--problem", "quadratic", "--out", out.toString());
        assertEquals(1, run.exitCode());
        assertEquals("l2l visualize: no trained-optimizer file at " + missing, run.err().strip());
        assertFalse(Files.exists(out));
    }

    private static void assertRefused(Run run, String message) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("l2l visualize: " + message + " (see l2l visualize --help)"), run.err());
    }
}
