package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.l2l4j.examples.L2lCommandTest.l2l;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.metatrain.MetaTrainer;
import org.l2l4j.core.metatrain.TrainingListener;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.examples.L2lCommandTest.Run;

/**
 * What a hostile or careless user of the command line does: outputs that cannot be written, an output that is
 * the checkpoint, a checkpoint resumed with too few epochs, files that are not what they should be. Each is
 * refused before any work, with one line that names the path and says what is wrong with it, and destroys nothing.
 */
class BadUseTest {
    @TempDir Path dir;

    /** One line on stderr, the exit code of a usage error, and that line. */
    static String usageError(Run run) {
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        return run.err().strip();
    }

    @Test void anOutputThatIsTheCheckpointIsRefusedBeforeTraining() {
        Path out = dir.resolve("a.l2l");
        // the same path as given, and the same file by another path
        for (Path checkpoint : new Path[]{out, dir.resolve("sub").resolve("..").resolve("a.l2l")}) {
            String line = usageError(l2l("meta-train", "--problem", "quadratic", "--epochs", "1", "--out", out.toString(),
                    "--checkpoint", checkpoint.toString()));
            assertTrue(line.contains("--out and --checkpoint name the same file, " + out), line);
            assertFalse(Files.exists(out));
        }
    }

    /**
     * A result that cannot be written when the run ends (here a directory appears where it goes, after the output was
     * checked) loses nothing: the error says the checkpoint holds every epoch and how to get the result, and doing
     * that writes it without training again.
     */
    @Test void aResultThatCannotBeWrittenAtTheEndSaysTheCheckpointHoldsTheRun() throws Exception {
        Path out = dir.resolve("late.l2l"), checkpoint = dir.resolve("late.l2l.ckpt"), other = dir.resolve("other.l2l");
        var blocker = new Thread(() -> {
            try {
                // the first checkpoint exists: the output check has long passed and two epochs are still to train
                while (!Files.exists(checkpoint)) Thread.sleep(1);
                Files.createDirectory(out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        blocker.setDaemon(true);
        blocker.start();
        Run failed = l2l("meta-train", "--problem", "quadratic", "--epochs", "3", "--batch-size", "8", "--validate-every", "1",
                "--out", out.toString());
        blocker.join(10_000);
        assertTrue(Files.isDirectory(out), "the directory came in time");

        assertEquals(1, failed.exitCode(), failed.out() + failed.err());
        String line = failed.err().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("l2l meta-train: could not write the trained optimizer to " + out + " ("), line);
        assertTrue(line.contains(out + ": is a directory"), line);
        assertTrue(line.endsWith("The run is not lost: checkpoint " + checkpoint + " holds all its 3 epochs; run the same command "
                + "with --checkpoint " + checkpoint + " and an --out that can be written to, and it writes the result without "
                + "training again"), line);
        assertTrue(Files.isRegularFile(checkpoint), "the checkpoint is kept");

        Run again = l2l("meta-train", "--problem", "quadratic", "--epochs", "3", "--batch-size", "8", "--validate-every", "1",
                "--checkpoint", checkpoint.toString(), "--out", other.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().startsWith("resuming from checkpoint " + checkpoint + " (3 of 3 epochs done)"), again.err());
        assertEquals(3, org.l2l4j.core.TrainedOptimizerFile.read(other).provenance().epochsRun());
        assertFalse(Files.exists(checkpoint), "deleted once the result is written");
    }

    /** The checkpoint an interrupted "--epochs 3 --batch-size 8" run leaves after its third epoch. */
    private Path checkpointAfterThreeEpochs() throws Exception {
        Path checkpoint = dir.resolve("run.ckpt");
        // what "meta-train --problem quadratic --batch-size 8 --epochs 3" configures
        var d = MetaTrainingConfig.quadraticDefaults();
        var config = new MetaTrainingConfig(d.architecture(), 3, 8, d.horizon(), d.unroll(), d.metaLearningRate(), d.schedule(),
                d.clipNorm(), d.objective(), d.validationInstances(), d.validateEvery(), d.forgetBias(), d.outputInitStd(),
                d.seed(), d.dataType());
        new MetaTrainer(QuadraticFamily.paper(), config, TrainingListener.NONE).train(checkpoint);
        return checkpoint;
    }

    @Test void resumingWithFewerEpochsThanTheCheckpointHoldsIsRefusedAndKeepsIt() throws Exception {
        Path checkpoint = checkpointAfterThreeEpochs(), out = dir.resolve("r.l2l");
        byte[] before = Files.readAllBytes(checkpoint);
        String line = usageError(l2l("meta-train", "--problem", "quadratic", "--batch-size", "8", "--epochs", "2",
                "--checkpoint", checkpoint.toString(), "--out", out.toString()));
        assertTrue(line.contains("checkpoint " + checkpoint + " holds 3 epochs of this run, more than --epochs 2; it was left "
                + "as it is. To continue it, run with --epochs N, N >= 3"), line);
        assertTrue(line.contains("to start over, delete it or choose another --checkpoint"), line);
        assertArrayEquals(before, Files.readAllBytes(checkpoint));
        assertFalse(Files.exists(out));
    }

    @Test void aCheckpointOfAnotherRunNamesOnlyTheSettingsThatDiffer() throws Exception {
        Path checkpoint = checkpointAfterThreeEpochs();
        byte[] before = Files.readAllBytes(checkpoint);
        Run run = l2l("meta-train", "--problem", "quadratic", "--batch-size", "8", "--epochs", "3", "--seed", "7",
                "--unroll", "10",
                "--checkpoint", checkpoint.toString(), "--out", dir.resolve("o.l2l").toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("was written for another run: unroll: checkpoint 20, this run 10; seed: checkpoint 1, "
                + "this run 7. Delete it or choose another checkpoint file."), run.err());
        assertFalse(run.err().contains("batchSize"), "only what differs: " + run.err());
        assertArrayEquals(before, Files.readAllBytes(checkpoint));
    }

    @Test void outputsThatCannotBeWrittenAreRefusedBeforeAnyWorkAndSayWhy() throws Exception {
        Path existingDir = Files.createDirectory(dir.resolve("a-directory"));
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");

        String line = usageError(l2l("meta-train", "--problem", "quadratic", "--epochs", "1", "--out", existingDir.toString()));
        assertTrue(line.contains("--out " + existingDir + " is a directory; it must name a file to write"), line);
        try (Stream<Path> files = Files.list(existingDir)) {
            assertEquals(0, files.count(), "no checkpoint, nothing written");
        }
        line = usageError(l2l("meta-train", "--problem", "quadratic", "--epochs", "1", "--out", ""));
        assertTrue(line.contains("--out is empty"), line);
        line = usageError(l2l("meta-train", "--problem", "quadratic", "--epochs", "1", "--out", aFile.resolve("x.l2l").toString()));
        assertTrue(line.contains(aFile + " is a file, not a directory"), line);
        line = usageError(l2l("meta-train", "--problem", "quadratic", "--epochs", "1", "--out", dir.resolve("ok.l2l").toString(),
                "--checkpoint", existingDir.toString()));
        assertTrue(line.contains("--checkpoint " + existingDir + " is a directory"), line);

        line = usageError(l2l("compare", "--problem", "quadratic", "--optimizer", "zoo:quadratic", "--out", aFile.toString()));
        assertTrue(line.contains("--out " + aFile + ": " + aFile + " is a file, not a directory"), line);
        Files.createDirectories(dir.resolve("cmp").resolve("results.json"));
        line = usageError(l2l("compare", "--problem", "quadratic", "--optimizer", "zoo:quadratic", "--out", dir.resolve("cmp").toString()));
        assertTrue(line.contains(dir.resolve("cmp").resolve("results.json") + " is a directory, where the command writes a file"), line);
        line = usageError(l2l("tune", "--problem", "quadratic", "--out", ""));
        assertTrue(line.contains("--out is empty"), line);
        line = usageError(l2l("tune", "--problem", "quadratic", "--tuning-cache", aFile.toString(), "--out", dir.resolve("t").toString()));
        assertTrue(line.contains("--tuning-cache " + aFile), line);
        line = usageError(l2l("suite", "--tasks", "6", "--out", aFile.toString()));
        assertTrue(line.contains("--out " + aFile + ": " + aFile + " is a file, not a directory"), line);
        line = usageError(l2l("benchmark", "--out", aFile.toString()));
        assertTrue(line.contains(aFile + " is a file, not a directory"), line);
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site").resolve("my-id"), "in the way");
        line = usageError(l2l("zoo", "publish", "missing.l2l", "--id", "my-id", "--description", "d", "--out", dir.resolve("site").toString()));
        assertTrue(line.contains(dir.resolve("site").resolve("my-id") + " is a file, not a directory"), line);
    }

    /** As root every permission check passes; a file system that refuses everyone is /proc. */
    @Test void aDirectoryThatRefusesWritesIsNamed() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");
        String line = usageError(l2l("meta-train", "--problem", "quadratic", "--epochs", "1", "--out", "/proc/x.l2l"));
        assertTrue(line.contains("--out /proc/x.l2l: cannot write in /proc: "), line);
    }

    @Test void filesThatAreNotWhatTheyShouldBeAreNamedInWords() throws Exception {
        Path aDir = Files.createDirectory(dir.resolve("d.l2l"));
        Run run = l2l("compare", "--problem", "quadratic", "--optimizer", aDir.toString(), "--out", dir.resolve("c").toString());
        assertEquals(1, run.exitCode());
        assertEquals("l2l compare: " + aDir + " is a directory, not a trained-optimizer file", run.err().strip());

        Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
        Path file = dir.resolve("t.l2l");
        org.l2l4j.core.TrainedOptimizerFile.write(org.l2l4j.zoo.OptimizerZoo.zoo("quadratic"), file);
        run = l2l("zoo", "publish", file.toString(), "--id", "x", "--description", "d", "--results", notes.toString(),
                "--out", dir.resolve("site").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("l2l zoo publish: " + notes + " is not a results.json written by l2l compare or a suite.json "
                + "written by l2l suite: Unrecognized token 'my'"), run.err());
        assertTrue(run.err().contains("(line 1, column 4)"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());

        run = l2l("zoo", "publish", dir.resolve("missing.l2l").toString(), "--id", "x", "--description", "d",
                "--out", dir.resolve("site").toString());
        assertEquals("l2l zoo publish: no trained-optimizer file at " + dir.resolve("missing.l2l"), run.err().strip());

        run = l2l("tune", "--problem", "mnist", "--data-dir", notes.toString(), "--out", dir.resolve("m").toString());
        assertEquals("l2l tune: MNIST data directory " + notes + " is a file, not a directory", run.err().strip());

        Path data = Files.createDirectory(dir.resolve("mnist"));
        for (String name : new String[]{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"})
            Files.write(data.resolve(name), new byte[]{0x1f, (byte) 0x8b, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        run = l2l("tune", "--problem", "mnist", "--data-dir", data.toString(), "--out", dir.resolve("m").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(data.resolve("train-images-idx3-ubyte.gz") + " starts like a gzip file but is not one"),
                run.err());
    }

    @Test void aLearnedOptimizerThatDivergesFailsTheComparisonWithTheReasonLast() throws Exception {
        Path out = dir.resolve("diverged");
        // zoo:mnist was meta-trained on MNIST networks; on quadratics its steps grow without bound
        Run run = l2l("compare", "--problem", "quadratic", "--optimizer", "zoo:mnist", "--baselines", "sgd", "--steps", "20",
                "--test-problems", "3", "--grid", "coarse", "--tuning-instances", "4", "--tuning-cache", dir.resolve("tc").toString(),
                "--out", out.toString());
        assertEquals(1, run.exitCode(), run.out() + run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals("l2l compare: zoo:mnist diverged: its loss is not finite on 3 of 3 test problems at step 20 "
                + "(the mean's from step 13)", lines[lines.length - 1]);
        assertTrue(Files.exists(out.resolve("results.json")), "the results are written all the same");

        String line = usageError(l2l("compare", "--problem", "quadratic", "--optimizer", ",", "--out", out.toString()));
        assertTrue(line.contains("--optimizer names no optimizer"), line);
    }

    @Test void fileSystemFailuresAreSaidInWordsWithTheirFile() {
        assertEquals("/x/y: no such file or directory", OneLineErrors.words(new NoSuchFileException("/x/y")));
        assertEquals("/x/y: permission denied", OneLineErrors.words(new AccessDeniedException("/x/y")));
        assertEquals("/x/y: is a directory", OneLineErrors.words(new FileSystemException("/x/y", null, "Is a directory")));
        assertEquals("/a -> /b: read-only file system", OneLineErrors.words(new FileSystemException("/a", "/b", "Read-only file system")));
        // a wrapper made of its cause alone adds only the cause's class name: it is skipped
        assertEquals("/x/y: no such file or directory",
                OneLineErrors.describe(new UncheckedIOException(new NoSuchFileException("/x/y"))));
        assertEquals("reading the cache: /x/y: permission denied",
                OneLineErrors.describe(new UncheckedIOException("reading the cache", new AccessDeniedException("/x/y"))));
    }
}
