package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.GroupedOptimizer;
import org.l2l4j.core.GroupedOptimizerFile;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.examples.L2lCommandTest.Run;
import org.l2l4j.examples.conv.Cifar10;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * {@code --problem conv} through the command line, with tiny layers (2 filters of 3 x 3, 4 dense units) and a 1 x 4
 * LSTM: the pair of optimizers and the shared one meta-trained, compared on the digits and on CIFAR-10 files in the
 * binary format written here, and bad options refused before any work.
 */
class ConvCommandTest {
    @TempDir static Path dir;
    private static Path pair, shared;
    private static Run metaTrainPair, metaTrainShared;
    static final String[] TINY = {"--problem", "conv", "--conv-channels", "2", "--kernel", "3", "--hidden", "4"};
    static final String[] TINY_TRAINING = {"--lstm-layers", "1", "--lstm-hidden", "4", "--epochs", "2", "--batch-size", "1",
            "--validation-instances", "1", "--horizon", "4", "--unroll", "2"};

    static String[] args(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) all.addAll(List.of(p));
        return all.toArray(String[]::new);
    }

    @BeforeAll static void metaTrainOnce() {
        pair = dir.resolve("pair.l2l");
        shared = dir.resolve("shared.l2l");
        metaTrainPair = L2lCommandTest.l2l(args(new String[]{"meta-train"}, TINY, TINY_TRAINING, new String[]{"--out", pair.toString()}));
        metaTrainShared = L2lCommandTest.l2l(args(new String[]{"meta-train"}, TINY, TINY_TRAINING,
                new String[]{"--shared", "--out", shared.toString()}));
    }

    @Test void metaTrainWritesTwoOptimizersTrainedTogetherOrOneShared() throws IOException {
        assertEquals(0, metaTrainPair.exitCode(), metaTrainPair.err());
        GroupedOptimizer two = GroupedOptimizerFile.read(pair);
        assertEquals(List.of("conv", "dense"), two.groups());
        assertEquals("conv", two.provenance().problemFamily());
        assertTrue(String.valueOf(two.provenance().problemSettings().get("grouping")).startsWith("layer type"));
        assertTrue(String.valueOf(two.provenance().problemSettings().get("convnet")).contains("conv 3x3x2"));
        assertTrue(metaTrainPair.out().contains("one optimizer per parameter group: conv, dense"), metaTrainPair.out());
        assertEquals(4, two.provenance().training().horizon());
        assertEquals(2, two.provenance().epochsRun());

        assertEquals(0, metaTrainShared.exitCode(), metaTrainShared.err());
        TrainedOptimizer one = TrainedOptimizerFile.read(shared);
        assertEquals("conv", one.provenance().problemFamily());
        assertFalse(one.provenance().problemSettings().containsKey("grouping"));
    }

    @Test void compareRunsThePairAndTheSharedOptimizerOnTheSameProblems() throws IOException {
        Path out = dir.resolve("compare");
        Run run = L2lCommandTest.l2l(args(new String[]{"compare"}, TINY, new String[]{"--optimizer", pair + "," + shared,
                "--baselines", "adam", "--steps", "3", "--test-problems", "2", "--grid", "coarse", "--tuning-instances", "1",
                "--tuning-cache", dir.resolve("cache").toString(), "--out", out.toString()}));
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("conv", json.get("problem").asText());
        List<String> names = new ArrayList<>();
        json.get("optimizers").forEach(o -> names.add(o.get("name").asText()));
        assertEquals(List.of("pair.l2l", "shared.l2l", "adam"), names);
        double start = json.get("optimizers").get(0).get("meanLoss").get(0).asDouble();
        for (JsonNode o : json.get("optimizers"))
            assertEquals(start, o.get("meanLoss").get(0).asDouble(), 0.0, "every optimizer starts from the same networks");
    }

    @Test void downsampledDigitsShrinkTheImagesTheNetworksSee() throws IOException {
        Path small = dir.resolve("small.l2l");
        Run run = L2lCommandTest.l2l(args(new String[]{"meta-train"}, TINY, TINY_TRAINING, new String[]{"--downsample", "2",
                "--out", small.toString()}));
        assertEquals(0, run.exitCode(), run.err());
        var settings = GroupedOptimizerFile.read(small).provenance().problemSettings();
        assertTrue(String.valueOf(settings.get("convnet")).endsWith("on 14x14x1"), String.valueOf(settings));
        assertEquals("14 x 14 (means of 2 x 2 pixel blocks)", settings.get("images"));
    }

    @Test void theTrainingSplitRunsFreshNetworksOnTheMetaTrainingImagesWithTheSameTunedBaselines() throws IOException {
        String[] common = {"--optimizer", pair.toString(), "--baselines", "adam", "--steps", "3", "--test-problems", "2",
                "--grid", "coarse", "--tuning-instances", "1", "--tuning-cache", dir.resolve("cache").toString()};
        Path test = dir.resolve("split-test"), training = dir.resolve("split-training");
        Run onTest = L2lCommandTest.l2l(args(new String[]{"compare"}, TINY, common, new String[]{"--out", test.toString()}));
        Run onTraining = L2lCommandTest.l2l(args(new String[]{"compare"}, TINY, common, new String[]{"--split", "training",
                "--out", training.toString()}));
        assertEquals(0, onTest.exitCode(), onTest.err());
        assertEquals(0, onTraining.exitCode(), onTraining.err());
        JsonNode a = new ObjectMapper().readTree(test.resolve("results.json").toFile());
        JsonNode b = new ObjectMapper().readTree(training.resolve("results.json").toFile());
        assertEquals("test", a.get("split").asText());
        assertEquals("training", b.get("split").asText());
        // the same tuned rate (tuning networks do not move), other images: other losses from the first step
        assertEquals(a.get("optimizers").get(1).get("learningRate").asDouble(), b.get("optimizers").get(1).get("learningRate").asDouble());
        assertTrue(a.get("optimizers").get(0).get("meanLoss").get(0).asDouble() != b.get("optimizers").get(0).get("meanLoss").get(0).asDouble());
    }

    /** 128 records a file: a minibatch of the family needs that many images in each part. */
    static Path cifarFiles(Path where) throws IOException {
        Files.createDirectories(where);
        for (int f = 0; f < 6; f++) {
            byte[] bytes = new byte[128 * Cifar10.RECORD];
            var rng = new java.util.SplittableRandom(f);
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i % Cifar10.RECORD == 0 ? rng.nextInt(10) : rng.nextInt(256));
            Files.write(where.resolve(f < 5 ? Cifar10.TRAINING_FILES.get(f) : Cifar10.TEST_FILE), bytes);
        }
        return where;
    }

    @Test void withCifar10FilesTheNetworksTakeTheirColourImages() throws IOException {
        Path data = cifarFiles(dir.resolve("cifar"));
        Path out = dir.resolve("compare-cifar");
        Run run = L2lCommandTest.l2l(args(new String[]{"compare"}, TINY, new String[]{"--data-dir", data.toString(),
                "--optimizer", pair.toString(), "--baselines", "adam", "--steps", "2", "--test-problems", "1", "--grid", "coarse",
                "--tuning-instances", "1", "--tuning-cache", dir.resolve("cache").toString(), "--out", out.toString()}));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readString(out.resolve("results.json")).contains("\"conv\""));
    }

    @Test void badOptionsAndDataAreRefusedBeforeAnyWork() throws IOException {
        Run sharedMnist = L2lCommandTest.l2l("meta-train", "--problem", "mnist", "--shared", "--out", dir.resolve("m.l2l").toString());
        assertEquals(2, sharedMnist.exitCode());
        assertTrue(sharedMnist.err().contains("--shared applies to conv only"), sharedMnist.err());

        Run even = L2lCommandTest.l2l("compare", "--problem", "conv", "--kernel", "4", "--out", dir.resolve("k").toString());
        assertEquals(2, even.exitCode());
        assertTrue(even.err().contains("kernel size must be odd"), even.err());
        assertFalse(Files.exists(dir.resolve("k")));

        Run channels = L2lCommandTest.l2l("tune", "--problem", "mnist", "--conv-channels", "8", "--out", dir.resolve("c").toString());
        assertEquals(2, channels.exitCode());
        assertTrue(channels.err().contains("apply to conv only"), channels.err());

        Run spark = L2lCommandTest.l2l(args(new String[]{"meta-train"}, TINY, new String[]{"--spark", "local[1]", "--out",
                dir.resolve("s.l2l").toString()}));
        assertEquals(2, spark.exitCode());
        assertTrue(spark.err().contains("conv meta-trains in one process"), spark.err());

        Run trainingMnist = L2lCommandTest.l2l("compare", "--problem", "mnist", "--split", "training", "--out", dir.resolve("t").toString());
        assertEquals(2, trainingMnist.exitCode());
        assertTrue(trainingMnist.err().contains("--split training applies to conv"), trainingMnist.err());
        assertFalse(Files.exists(dir.resolve("t")));

        Run three = L2lCommandTest.l2l("compare", "--problem", "conv", "--downsample", "3", "--out", dir.resolve("d").toString());
        assertEquals(2, three.exitCode());
        assertTrue(three.err().contains("downsampling factor must divide 28"), three.err());

        Path empty = Files.createDirectories(dir.resolve("no-cifar"));
        Run cifarSmall = L2lCommandTest.l2l("compare", "--problem", "conv", "--data-dir", empty.toString(), "--downsample", "2",
                "--out", dir.resolve("e").toString());
        assertEquals(2, cifarSmall.exitCode());
        assertTrue(cifarSmall.err().contains("--downsample applies to the bundled digits"), cifarSmall.err());

        Run missing = L2lCommandTest.l2l("compare", "--problem", "conv", "--data-dir", empty.toString(), "--out", dir.resolve("n").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("has no data_batch_1.bin"), missing.err());
    }
}
