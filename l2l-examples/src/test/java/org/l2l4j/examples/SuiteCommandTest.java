package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.l2l4j.examples.L2lCommandTest.l2l;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.examples.L2lCommandTest.Run;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** {@code l2l suite --network}: a user's configuration JSON on the bundled digits and on a CSV file, and bad input. */
class SuiteCommandTest {
    @TempDir Path dir;

    private Path configuration(String name, int in, int hidden, int out) throws IOException {
        var conf = new NeuralNetConfiguration.Builder().seed(0).list()
                .layer(new DenseLayer.Builder().nIn(in).nOut(hidden).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(hidden).nOut(out).activation(Activation.SOFTMAX).build())
                .build();
        Path file = dir.resolve(name);
        Files.writeString(file, conf.toJson());
        return file;
    }

    private JsonNode task(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("suite.json").toFile()).get("tasks").get(0);
    }

    @Test void runsAUsersConfigurationJsonOnTheBundledDigits() throws IOException {
        Path conf = configuration("my-mlp.json", 784, 8, 10), out = dir.resolve("out");
        Run run = l2l("suite", "--network", conf.toString(), "--iterations", "6", "--batch", "16", "--seeds", "2",
                "--optimizer", "zoo:mnist", "--baselines", "adam-default", "--tuning-cache", dir.resolve("cache").toString(),
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode task = task(out);
        assertEquals("my-mlp", task.get("name").asText());
        assertEquals("MultiLayerNetwork", task.get("network").asText());
        assertEquals(6, task.get("iterations").asInt());
        assertEquals("digits 0-7999 train, 8000-9999 held out", task.get("data").get("split").asText());
        assertEquals(2, task.get("results").size());
        assertEquals("accuracy", task.get("results").get(0).get("heldOut").get("metric").asText());
        assertEquals(6, task.get("results").get(1).get("meanLoss").size());
        assertTrue(Files.size(out.resolve("my-mlp.png")) > 0 && Files.size(out.resolve("summary.md")) > 0);
        assertTrue(run.out().contains("my-mlp  zoo:mnist"), run.out());
    }

    /** The validation digits, for trying a network without the test digits; without --network the option is refused. */
    @Test void runsAUsersConfigurationOnTheValidationDigits() throws IOException {
        Path conf = configuration("val-net.json", 784, 4, 10), out = dir.resolve("val-out");
        Run run = l2l("suite", "--network", conf.toString(), "--validation-digits", "--iterations", "3", "--batch", "16",
                "--seeds", "1", "--optimizer", "zoo:mnist", "--baselines", "adam-default", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode data = task(out).get("data");
        assertEquals("digits 6000-7499 train, 7500-7999 held out", data.get("split").asText());
        assertEquals(1500, data.get("trainExamples").asInt());
        assertEquals(500, data.get("heldOutExamples").asInt());
        var validation = org.l2l4j.examples.suite.Digits.bundledValidation();
        var test = org.l2l4j.examples.suite.Digits.bundled();
        assertFalse(validation.heldOut().getFeatures().getRow(0).equals(test.heldOut().getFeatures().getRow(0)),
                "the held-out validation digits are not the suite's held-out (test) digits");
        assertEquals(test.train().getFeatures().getRow(6000), validation.train().getFeatures().getRow(0),
                "validation digit 6000 is the first to train on");

        Run refused = l2l("suite", "--tasks", "6", "--validation-digits", "--out", dir.resolve("refused").toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("--validation-digits"), refused.err());
        assertFalse(Files.exists(dir.resolve("refused").resolve("suite.json")));
    }

    /** The standard MNIST file names in a directory, holding the first bundled digits: 40 to train, 10 held out. */
    private Path idxDirectory() throws IOException {
        Path idx = Files.createDirectories(dir.resolve("idx"));
        var digits = org.l2l4j.examples.suite.Digits.bundled();
        writeIdx(idx, "train", digits.train().getRange(0, 40));
        writeIdx(idx, "t10k", digits.heldOut().getRange(0, 10));
        return idx;
    }

    private static void writeIdx(Path dir, String prefix, org.nd4j.linalg.dataset.api.DataSet digits) throws IOException {
        int n = digits.numExamples();
        try (var images = new java.io.DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte")));
             var labels = new java.io.DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte")))) {
            images.writeInt(0x803);
            images.writeInt(n);
            images.writeInt(28);
            images.writeInt(28);
            for (float v : digits.getFeatures().dup().data().asFloat()) images.writeByte(Math.round(v * 255));
            labels.writeInt(0x801);
            labels.writeInt(n);
            for (int i = 0; i < n; i++) labels.writeByte(digits.getLabels().getRow(i).argMax().getInt(0));
        }
    }

    @Test void runsAUsersConfigurationOnIdxFiles() throws IOException {
        Path out = dir.resolve("idx-out");
        Run run = l2l("suite", "--network", configuration("idx-net.json", 784, 4, 10).toString(), "--idx", idxDirectory().toString(),
                "--iterations", "7", "--batch", "8", "--seeds", "1", "--optimizer", "zoo:mnist", "--baselines", "adam-default",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode task = task(out);
        assertEquals("all train-* digits train, t10k-* digits held out", task.get("data").get("split").asText());
        assertEquals(40, task.get("data").get("trainExamples").asInt());
        assertEquals(10, task.get("data").get("heldOutExamples").asInt());
        assertEquals(7, task.get("results").get(0).get("meanLoss").size());
    }

    @Test void runsAUsersConfigurationOnACsvFile() throws IOException {
        // 80 examples of 4 features, class = which of the first three features is largest; a header line
        var csv = new StringBuilder("a,b,c,d,label\n");
        var rng = new SplittableRandom(4);
        for (int i = 0; i < 80; i++) {
            double[] x = {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            int label = x[0] > x[1] && x[0] > x[2] ? 0 : x[1] > x[2] ? 1 : 2;
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%d%n", x[0], x[1], x[2], x[3], label));
        }
        Path file = dir.resolve("examples.csv"), out = dir.resolve("csv-out");
        Files.writeString(file, csv);
        Path conf = configuration("csv-net.json", 4, 6, 3);
        Run run = l2l("suite", "--network", conf.toString(), "--csv", file.toString(), "--classes", "3", "--label-column", "4",
                "--skip-lines", "1", "--batch", "8", "--iterations", "10", "--seeds", "1", "--optimizer", "zoo:quadratic",
                "--baselines", "adam-default", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode task = task(out);
        assertTrue(task.get("data").get("data").asText().contains("examples.csv"), task.get("data").toString());
        assertEquals("examples 0-63 train, 64-79 held out", task.get("data").get("split").asText());
        assertEquals(4 * 6 + 6 + 6 * 3 + 3, task.get("parameters").asInt());
        for (JsonNode r : task.get("results")) {
            assertFalse(r.get("diverged").asBoolean(), r.toString());
            double accuracy = r.get("heldOut").get("value").asDouble();
            assertTrue(accuracy >= 0 && accuracy <= 1);
        }
    }

    /** --schedule and --weight-decay reach every run, and suite.json and summary.md say they were used. */
    @Test void scheduleAndWeightDecayAreAppliedAndRecorded() throws IOException {
        Path conf = configuration("wd-net.json", 784, 4, 10);
        String[] common = {"suite", "--network", conf.toString(), "--iterations", "6", "--batch", "16", "--seeds", "1",
                "--optimizer", "zoo:general", "--baselines", "adam-default"};
        Path plainOut = dir.resolve("plain"), out = dir.resolve("wd");
        Run plain = l2l(concat(common, "--out", plainOut.toString()));
        Run decayed = l2l(concat(common, "--weight-decay", "0.1", "--schedule", "step:0.5@3", "--out", out.toString()));
        assertEquals(0, plain.exitCode(), plain.err());
        assertEquals(0, decayed.exitCode(), decayed.err());
        JsonNode settings = new ObjectMapper().readTree(out.resolve("suite.json").toFile()).get("settings");
        assertEquals(0.1, settings.get("weightDecay").asDouble());
        assertEquals("step:0.5@3", settings.get("learningRateSchedule").asText());
        assertTrue(new ObjectMapper().readTree(plainOut.resolve("suite.json").toFile()).get("settings").get("weightDecay").isNull());
        for (int i = 0; i < 2; i++) {
            JsonNode a = task(plainOut).get("results").get(i), b = task(out).get("results").get(i);
            assertTrue(b.get("parameterNorm").asDouble() < a.get("parameterNorm").asDouble(), b.get("optimizer") + " decays");
            assertTrue(b.get("regularization").asDouble() > 0 && a.get("regularization").asDouble() == 0);
        }
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("Learning-rate schedule `step:0.5@3`") && md.contains("Weight decay 0.1"), md);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test void badInputFailsAtOnceWithAMessageNamingIt() throws IOException {
        Path out = dir.resolve("bad");
        Run unknownTask = l2l("suite", "--tasks", "9", "--optimizer", "zoo:mnist", "--out", out.toString());
        assertEquals(2, unknownTask.exitCode());
        assertTrue(unknownTask.err().contains("no task '9'"), unknownTask.err());

        Path wrongInput = configuration("five-inputs.json", 5, 4, 10);
        Run mismatch = l2l("suite", "--network", wrongInput.toString(), "--optimizer", "zoo:mnist", "--out", out.toString());
        assertEquals(1, mismatch.exitCode());
        assertTrue(mismatch.err().contains("five-inputs.json does not fit the data"), mismatch.err());

        Run missing = l2l("suite", "--network", dir.resolve("nope.json").toString(), "--out", out.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("nope.json does not exist"), missing.err());

        Path notJson = dir.resolve("not.json");
        Files.writeString(notJson, "layers: 3");
        Run garbage = l2l("suite", "--network", notJson.toString(), "--out", out.toString());
        assertEquals(1, garbage.exitCode());
        assertTrue(garbage.err().contains("not.json is not a DL4J configuration JSON"), garbage.err());

        for (String[] c : new String[][]{{"--schedule", "step:0.1"}, {"--schedule", "linear:5"}, {"--weight-decay", "-1"},
                {"--weight-decay", "x"}}) {
            Run bad = l2l("suite", "--tasks", "1", "--optimizer", "zoo:mnist", c[0], c[1], "--out", out.toString());
            assertEquals(2, bad.exitCode(), String.join(" ", c));
            assertTrue(bad.err().contains(c[0]) && bad.err().contains(c[1]), bad.err());
            assertFalse(Files.exists(out.resolve("suite.json")), "nothing written");
        }

        Path badCsv = dir.resolve("bad.csv");
        Files.writeString(badCsv, "1,2,0\n3,x,1\n");
        Run csv = l2l("suite", "--network", configuration("two.json", 2, 3, 2).toString(), "--csv", badCsv.toString(),
                "--classes", "2", "--batch", "1", "--out", out.toString());
        assertEquals(1, csv.exitCode());
        assertTrue(csv.err().contains("bad.csv cannot be read as CSV examples"), csv.err());
    }
}
