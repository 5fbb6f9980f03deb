package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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

    /** The zoo subcommands set the zoo's static settings, as a command line does for its one run: undone for the next test. */
    @AfterEach void restoreTheDownloadSettings() {
        OptimizerZoo.setBaseUrl(null);
        OptimizerZoo.setDownloadPolicy(null);
    }

    /** A server that answers every request 404. */
    static HttpServer notFound() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test void aMistypedIdAgainstAMirrorLeavesTheCacheAsItWasAndVerifyStaysSound() throws Exception {
        Path fresh = dir.resolve("typo-cache");
        HttpServer server = notFound();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            var fetch = L2lCommandTest.l2l("zoo", "fetch", "quadratc", "--directory", fresh.toString(), "--base-url", url);
            assertEquals(1, fetch.exitCode());
            assertTrue(fetch.err().contains("no optimizer 'quadratc' in the zoo"), fetch.err());
            var compare = L2lCommandTest.l2l("compare", "--problem", "quadratic", "--optimizer", "zoo:quadratc",
                    "--out", dir.resolve("typo-compare").toString());
            assertEquals(1, compare.exitCode(), "the base URL set above is still in effect");
        } finally {
            server.stop(0);
        }
        assertFalse(Files.exists(fresh), "a cache directory that did not exist is still not there: " + fresh);
        var verify = L2lCommandTest.l2l("zoo", "verify", "--directory", fresh.toString());
        assertEquals(0, verify.exitCode(), verify.out());
    }

    /** A server that takes the connection and never answers: the user's time-out, not a minute per attempt. */
    @Test void aServerThatNeverAnswersFailsWithinTheTimeOutGiven() throws Exception {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/";
            var run = L2lCommandTest.l2l("zoo", "fetch", "quadratic", "--directory", dir.resolve("silent-cache").toString(),
                    "--base-url", url, "--download-timeout", "0.2", "--connect-timeout", "0.5");
            assertEquals(1, run.exitCode(), run.err());
            // the JDK's request time-out and the whole attempt's race: "no answer" or "no complete answer"
            assertTrue(run.err().contains("3 attempts failed, the last with no ") && run.err().contains("answer within 200 ms"),
                    run.err());
        }
        var bad = L2lCommandTest.l2l("zoo", "fetch", "quadratic", "--download-timeout", "-1");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--download-timeout must be a positive number of seconds, got -1.0"), bad.err());
    }

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

    /** A file meta-train wrote, before any publishing: its own checksum and size, its provenance and the hand-counted cost. */
    @Test void infoOnAFileShowsItsCostChecksumAndProvenance() throws Exception {
        Path file = dir.resolve("tiny.l2l");
        var run = L2lCommandTest.l2l("zoo", "info", file.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode info = new ObjectMapper().readTree(run.out());
        assertEquals(org.l2l4j.core.TrainedOptimizerFile.sha256Hex(Files.readAllBytes(file)), info.get("sha256").asText());
        assertEquals(Files.size(file), info.get("size").asLong());
        assertEquals(2, info.get("provenance").get("epochsRun").asInt());
        assertEquals(14682, info.get("flopsPerParameter").asLong());
        assertEquals(80, info.get("stateFloatsPerParameter").asInt());
        assertFalse(info.has("groups"), "a single optimizer has no groups");
        var text = L2lCommandTest.l2l("zoo", "info", file.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("14682 FLOPs and 80 state floats") && text.out().contains("problem:      quadratic"), text.out());
    }

    @Test void infoOnAMissingOrForeignFileFailsNamingIt() throws Exception {
        var missing = L2lCommandTest.l2l("zoo", "info", dir.resolve("no-such.l2l").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("no-such.l2l"), missing.err());
        Path foreign = dir.resolve("notes.txt");
        Files.writeString(foreign, "not an optimizer");
        var bad = L2lCommandTest.l2l("zoo", "info", foreign.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("notes.txt"), bad.err());
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

    /** benchmark --fit: whole DL4J fit iterations next to Adam, a final score that a second run reproduces. */
    @Test void fitBenchmarkTimesDl4jIterationsNextToAdam() throws Exception {
        double[] scores = new double[2];
        for (int run = 0; run < 2; run++) {
            Path out = dir.resolve("fit-" + run);
            var r = L2lCommandTest.l2l("benchmark", "--fit", "--optimizer", "zoo:mnist", "--hidden", "16", "--iterations", "2",
                    "--rounds", "1", "--out", out.toString());
            assertEquals(0, r.exitCode(), r.err());
            JsonNode report = new ObjectMapper().readTree(out.resolve("fit-benchmark.json").toFile());
            assertEquals(784 * 16 + 16 + 16 * 10 + 10, report.get("parameters").asLong());
            JsonNode results = report.get("results");
            assertEquals(2, results.size());
            assertTrue(results.get(0).get("optimizer").asText().startsWith("Adam"), results.toString());
            assertEquals(1.0, results.get(0).get("relativeToAdam").asDouble(), 1e-12);
            assertEquals("zoo:mnist", results.get(1).get("optimizer").asText());
            assertTrue(results.get(1).get("msPerIteration").asDouble() > 0);
            // each row's step cost: Adam's, and zoo:mnist's 2 x 20 LSTM on moments-rprop inputs (StepCostTest's count)
            assertEquals(11, results.get(0).get("flopsPerParameter").asLong());
            assertEquals(2, results.get(0).get("stateFloatsPerParameter").asInt());
            assertEquals(15356, results.get(1).get("flopsPerParameter").asLong());
            assertEquals(85, results.get(1).get("stateFloatsPerParameter").asInt());
            scores[run] = results.get(1).get("finalScore").asDouble();
            assertTrue(Double.isFinite(scores[run]), "final score " + scores[run]);
        }
        assertEquals(scores[0], scores[1], 0.0, "the same seed gives the same training");
        var bad = L2lCommandTest.l2l("benchmark", "--fit", "--optimizer", dir.resolve("missing.l2l").toString());
        assertTrue(bad.exitCode() != 0 && bad.err().contains("missing.l2l"), bad.err());
    }
}
