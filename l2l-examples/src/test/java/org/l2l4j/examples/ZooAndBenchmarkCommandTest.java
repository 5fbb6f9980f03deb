package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.zoo.OptimizerZoo;
import org.l2l4j.zoo.ZooPublisher;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** {@code l2l zoo ...} on a cache made with the publisher, and {@code l2l benchmark} with tiny settings. */
class ZooAndBenchmarkCommandTest {
    @TempDir static Path dir;
    static Path cache;

    @BeforeAll static void publishATinyOptimizer() throws Exception {
        Path file = dir.resolve("tiny.l2l");
        var run = L2lCommandTest.l2l("meta-train", "--problem", "quadratic", "--epochs", "2", "--batch-size", "4",
                "--out", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        cache = dir.resolve("cache");
        ZooPublisher.publish(file, "tiny", "a two-epoch test optimizer", cache);
    }

    @AfterAll static void restoreTheZooDirectory() { OptimizerZoo.setDirectory(null); }

    @Test void listShowsTheCachedEntry() {
        var run = L2lCommandTest.l2l("zoo", "list", "--directory", cache.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("tiny ") && l.contains("quadratic")), run.out());
    }

    @Test void infoAsJsonCarriesTheChecksumAndProvenance() throws Exception {
        var run = L2lCommandTest.l2l("zoo", "info", "tiny", "--json", "--directory", cache.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode entry = new ObjectMapper().readTree(run.out());
        assertEquals("tiny", entry.get("id").asText());
        assertEquals(64, entry.get("sha256").asText().length());
        assertEquals(2, entry.get("provenance").get("epochsRun").asInt());
        // the quadratic defaults' 2 x 20 LSTM on the raw gradient: StepCostTest's hand count
        assertEquals(14682, entry.get("flopsPerParameter").asLong());
        assertEquals(80, entry.get("stateFloatsPerParameter").asInt());
    }

    @Test void verifyFailsOnACorruptFileAndNamesIt() throws Exception {
        Path copy = dir.resolve("corrupt-cache");
        ZooPublisher.publish(dir.resolve("tiny.l2l"), "tiny", "copy", copy);
        var sound = L2lCommandTest.l2l("zoo", "verify", "--directory", copy.toString());
        assertEquals(0, sound.exitCode(), sound.out() + sound.err());
        Path file = copy.resolve("tiny").resolve("tiny.l2l");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        var corrupt = L2lCommandTest.l2l("zoo", "verify", "--directory", copy.toString());
        assertEquals(1, corrupt.exitCode());
        assertTrue(corrupt.out().contains("CORRUPT"), corrupt.out());
    }

    @Test void unknownIdFailsWithOneLine() {
        var run = L2lCommandTest.l2l("zoo", "info", "no-such-optimizer", "--directory", cache.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no-such-optimizer"), run.err());
    }

    @Test void publishRecordsTheComparisonAgainstTheBestBaseline() throws Exception {
        Path cmp = dir.resolve("cmp");
        var compare = L2lCommandTest.l2l("compare", "--problem", "quadratic", "--optimizer", dir.resolve("tiny.l2l").toString(),
                "--baselines", "adam,sgd", "--steps", "5", "--test-problems", "3", "--grid", "coarse", "--out", cmp.toString());
        assertEquals(0, compare.exitCode(), compare.err());
        Path site = dir.resolve("site");
        var run = L2lCommandTest.l2l("zoo", "publish", dir.resolve("tiny.l2l").toString(), "--id", "tiny-measured",
                "--description", "measured", "--results", cmp.resolve("results.json").toString(), "--out", site.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode results = new ObjectMapper().readTree(cmp.resolve("results.json").toFile());
        JsonNode manifest = new ObjectMapper().readTree(site.resolve("tiny-measured").resolve("manifest.json").toFile());
        JsonNode result = manifest.get("result");
        double learned = 0, bestBaseline = Double.POSITIVE_INFINITY;
        for (JsonNode o : results.get("optimizers")) {
            if (o.get("kind").asText().equals("learned")) learned = o.get("finalLoss").asDouble();
            else bestBaseline = Math.min(bestBaseline, o.get("finalLoss").asDouble());
        }
        assertEquals(learned, result.get("learned").asDouble(), 0.0);
        assertEquals(bestBaseline, result.get("baselineValue").asDouble(), 0.0);
        assertEquals("mean loss at step 5", result.get("metric").asText());
    }

    @Test void benchmarkReportsMetaTrainingNextToAdam() throws Exception {
        Path out = dir.resolve("bench");
        var run = L2lCommandTest.l2l("benchmark", "--epochs", "2", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("benchmark.json").toFile());
        for (String m : new String[]{"metaTraining", "learnedForward", "adam"}) {
            assertTrue(report.get(m).get("stepsPerSecond").asDouble() > 0, m);
            assertEquals(200, report.get(m).get("optimizeeSteps").asLong(), m);
        }
        assertEquals(1.0, report.get("adam").get("relativeToAdam").asDouble(), 1e-12);
        assertEquals(14682, report.get("learnedForward").get("flopsPerParameter").asLong());
        assertEquals(80, report.get("learnedForward").get("stateFloatsPerParameter").asInt());
        assertEquals(2, report.get("adam").get("stateFloatsPerParameter").asInt());
        double share = report.get("networkShare").asDouble();
        assertTrue(share > 0 && share < 1, "network share " + share);
    }

    @Test void benchmarkTimesEachOptimizersUpdateStepAgainstAdamsWithItsCost() throws Exception {
        Path out = dir.resolve("bench-steps");
        var run = L2lCommandTest.l2l("benchmark", "--optimizer", dir.resolve("tiny.l2l") + ",zoo:mnist", "--coordinates", "3000",
                "--steps", "3", "--rounds", "3", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode rows = new ObjectMapper().readTree(out.resolve("benchmark.json").toFile()).get("optimizers");
        assertEquals(3, rows.size());
        assertEquals("adam", rows.get(0).get("optimizer").asText());
        assertEquals("tiny.l2l", rows.get(1).get("optimizer").asText());
        assertEquals(14682, rows.get(1).get("flopsPerParameter").asLong());
        assertEquals(85, rows.get(2).get("stateFloatsPerParameter").asInt());   // zoo:mnist
        for (JsonNode r : rows) assertTrue(r.get("millisPerStep").asDouble() >= 0, r.toString());
        var bad = L2lCommandTest.l2l("benchmark", "--optimizer", "zoo:mnist", "--rounds", "0");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--rounds must be at least 1, got 0"), bad.err());
    }
}
