package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;

/**
 * Fault injection: {@code l2l meta-train} as a real process, killed with SIGKILL (kill -9) inside its checkpoint
 * write three times (a test-only property makes the writer stop halfway through its temporary file, where the kill
 * lands), then run to the end. The result must be the uninterrupted run's, bit for bit, with no temporary file
 * left; and its progress, written to a pipe, must be plain lines.
 */
class KillDuringCheckpointTest {
    private static final List<String> RUN = List.of("meta-train", "--problem", "quadratic", "--epochs", "4", "--batch-size", "2",
            "--validate-every", "1", "--validation-instances", "4", "--seed", "3");
    private static final String PAUSED = "l2l4j test: paused inside the write of ";

    @TempDir Path dir;

    /** What a process wrote on stderr, and how it ended. */
    record Ended(int exitCode, List<String> stderr) {}

    private Process start(Path out, int pauseAtWrite) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path")));
        if (pauseAtWrite > 0) command.add("-Dorg.l2l4j.test.pauseInWrite=" + pauseAtWrite);
        command.add(L2l.class.getName());
        command.addAll(RUN);
        command.addAll(List.of("--out", out.toString()));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Runs meta-train until its {@code write}-th file write is paused halfway, and kills it there. */
    private Ended killInsideWrite(Path out, int write) throws Exception {
        Process p = start(out, write);
        List<String> lines = new ArrayList<>();
        try (var err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                lines.add(line);
                if (line.contains(PAUSED)) {   // contains: a progress redraw may share its line
                    p.destroyForcibly();   // SIGKILL
                    break;
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ended");
        return new Ended(p.exitValue(), lines);
    }

    private Ended runToTheEnd(Path out) throws Exception {
        Process p = start(out, 0);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Ended(p.exitValue(), List.of(err.split("\n", -1)));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void killedInsideItsCheckpointWritesThreeTimesTheRunStillEndsWithTheUninterruptedResult() throws Exception {
        Path out = dir.resolve("run.l2l");
        String part = ".run.l2l.ckpt.";
        // epoch 1's checkpoint is written, epoch 2's killed; then epoch 2's written and 3's killed; then 3's killed
        int[] pauseAt = {2, 2, 1};
        for (int kill = 0; kill < pauseAt.length; kill++) {
            Ended killed = killInsideWrite(out, pauseAt[kill]);
            assertEquals(137, killed.exitCode(), "killed by SIGKILL: " + killed.stderr());
            assertTrue(killed.stderr().get(killed.stderr().size() - 1).contains(part), "killed inside a checkpoint write");
            List<String> left = files();
            assertTrue(left.contains("run.l2l.ckpt"), "the previous checkpoint survives: " + left);
            assertTrue(left.stream().anyMatch(f -> f.startsWith(part) && f.endsWith(".part")), "the kill left a part file: " + left);
            assertFalse(left.contains("run.l2l"), left.toString());
        }

        Ended finished = runToTheEnd(out);

        assertEquals(0, finished.exitCode(), String.join("\n", finished.stderr()));
        assertTrue(finished.stderr().get(0).startsWith("resuming from checkpoint " + out + ".ckpt (2 of 4 epochs done)"),
                finished.stderr().get(0));
        assertEquals(List.of("run.l2l"), files(), "no checkpoint and no temporary file left");
        // progress into a pipe: plain lines, no carriage-return redraws
        assertTrue(finished.stderr().stream().anyMatch(l -> l.startsWith("meta-train 100%")), finished.stderr().toString());
        assertTrue(finished.stderr().stream().noneMatch(l -> l.contains("\r")), "carriage returns in " + finished.stderr());

        Path reference = dir.resolve("reference").resolve("run.l2l");
        List<String> args = new ArrayList<>(RUN);
        args.addAll(List.of("--out", reference.toString()));
        var uninterrupted = L2lCommandTest.l2l(args.toArray(String[]::new));
        assertEquals(0, uninterrupted.exitCode(), uninterrupted.err());
        TrainedOptimizer expected = TrainedOptimizerFile.read(reference), actual = TrainedOptimizerFile.read(out);
        assertArrayEquals(expected.weights(), actual.weights(), 0.0, "bit for bit the uninterrupted run's weights");
        assertEquals(expected.provenance().bestEpoch(), actual.provenance().bestEpoch());
        assertEquals(expected.provenance().validationLoss(), actual.provenance().validationLoss(), 0.0);
        assertEquals(4, actual.provenance().epochsRun());
    }
}
