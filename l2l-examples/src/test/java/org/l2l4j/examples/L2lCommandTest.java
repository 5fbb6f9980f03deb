package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.core.metatrain.MetaTrainer;
import org.l2l4j.core.metatrain.TrainingListener;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.examples.plot.LineChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The {@code l2l} commands run in-process with tiny settings: what they write, how they fail, and that a
 * comparison is a function of its seed.
 */
class L2lCommandTest {
    private static final int STEPS = 10, TEST_PROBLEMS = 5;

    @TempDir static Path dir;
    private static Path optimizerFile;
    private static Run metaTrain;

    record Run(int exitCode, String out, String err) {}

    static Run l2l(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = L2l.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** One tiny meta-training run, shared: the compare tests need an optimizer file. */
    @BeforeAll static void metaTrainOnce() {
        optimizerFile = dir.resolve("q.l2l");
        metaTrain = l2l("meta-train", "--problem", "quadratic", "--epochs", "3", "--batch-size", "8", "--seed", "5",
                "--out", optimizerFile.toString());
    }

    @Test void metaTrainWritesALoadableOptimizerAndRemovesItsCheckpoint() throws IOException {
        assertEquals(0, metaTrain.exitCode(), metaTrain.err());
        TrainedOptimizer trained = TrainedOptimizerFile.read(optimizerFile);
        assertEquals("quadratic", trained.provenance().problemFamily());
        assertEquals(3, trained.provenance().epochsRun());
        assertEquals(8, trained.provenance().training().batchSize());
        assertEquals(5, trained.provenance().training().seed());
        assertEquals(MetaTrainingConfig.quadraticDefaults().metaLearningRate(),
                trained.provenance().training().metaLearningRate(), "unset options keep the problem's defaults");
        assertFalse(Files.exists(Path.of(optimizerFile + ".ckpt")), "checkpoint deleted after success");
        assertTrue(metaTrain.out().startsWith("wrote " + optimizerFile + ": best validation loss "), metaTrain.out());
        assertTrue(metaTrain.out().contains("optimizee steps/s"), metaTrain.out());
    }

    @Test void metaTrainTakesTheArchitectureOptions() throws IOException {
        Path out = dir.resolve("moments.l2l");
        Run run = l2l("meta-train", "--problem", "quadratic", "--epochs", "1", "--batch-size", "2", "--preprocessing", "moments",
                "--output-scale", "0.5", "--clip-norm", "2", "--input-skip", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        var training = TrainedOptimizerFile.read(out).provenance().training();
        assertEquals(new org.l2l4j.core.optimizer.Preprocessing.Moments(0.95, 1e-8), training.architecture().preprocessing());
        assertEquals(0.5, training.architecture().outputScale(), 0.0);
        assertTrue(training.architecture().inputSkip());
        assertEquals(2.0, training.clipNorm(), 0.0);
        Run bad = l2l("meta-train", "--problem", "quadratic", "--preprocessing", "cube-root", "--out", out.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("unknown preprocessing 'cube-root'"), bad.err());
    }

    @Test void metaTrainTakesTheGeneralistsOptions() throws IOException {
        Path out = dir.resolve("corrected.l2l");
        Run run = l2l("meta-train", "--problem", "quadratic", "--epochs", "2", "--batch-size", "2", "--preprocessing",
                "adam-timescales", "--correction", "2,0.5", "--output-scale", "0.01", "--lstm-layers", "1", "--lstm-hidden", "4",
                "--horizons", "10,30,2", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        var training = TrainedOptimizerFile.read(out).provenance().training();
        var arch = training.architecture();
        assertEquals(new org.l2l4j.core.optimizer.StepOutput.AdamCorrection(2, 0.5), arch.output());
        assertEquals(org.l2l4j.core.optimizer.Preprocessing.AdamTimescales.standard(), arch.preprocessing());
        assertEquals(1, arch.layers());
        assertEquals(4, arch.hidden());
        assertEquals(new MetaTrainingConfig.Horizons(10, 30, 2), training.horizons());
        Run noDirection = l2l("meta-train", "--problem", "quadratic", "--correction", "2,1", "--out", dir.resolve("no.l2l").toString());
        assertEquals(2, noDirection.exitCode());
        assertTrue(noDirection.err().contains("needs a preprocessing whose first feature is Adam's direction"), noDirection.err());
        Run badHorizons = l2l("meta-train", "--problem", "quadratic", "--horizons", "10,30", "--out", dir.resolve("no.l2l").toString());
        assertEquals(2, badHorizons.exitCode());
        assertTrue(badHorizons.err().contains("--horizons takes 3 comma-separated numbers"), badHorizons.err());
    }

    @Test void theGeneralProblemIsMetaTrainedNotComparedAndDrawsItsOwnNetworks() {
        Run tune = l2l("tune", "--problem", "general", "--out", dir.resolve("g").toString());
        assertEquals(2, tune.exitCode());
        assertTrue(tune.err().contains("'l2l suite'"), tune.err());
        Run compare = l2l("compare", "--problem", "general", "--optimizer", optimizerFile.toString(), "--out", dir.resolve("g").toString());
        assertEquals(2, compare.exitCode());
        Run hidden = l2l("meta-train", "--problem", "general", "--hidden", "40", "--out", dir.resolve("g.l2l").toString());
        assertEquals(2, hidden.exitCode());
        assertTrue(hidden.err().contains("apply to mnist only"), hidden.err());
    }

    @Test void metaTrainRecordsRandomScalingAndRefusesARangeThatScalesNothing() throws IOException {
        Path out = dir.resolve("scaled.l2l");
        Run run = l2l("meta-train", "--problem", "quadratic", "--epochs", "1", "--batch-size", "2", "--random-scaling", "10",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(10.0, TrainedOptimizerFile.read(out).provenance().problemSettings().get("randomScaling"));
        Run bad = l2l("meta-train", "--problem", "quadratic", "--random-scaling", "1", "--out", dir.resolve("bad.l2l").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("random scaling range must be a finite factor > 1, got 1.0"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad.l2l")));
    }

    @Test void metaTrainBuildsEachOfThePapersArchitectures() throws IOException {
        Path gac = dir.resolve("gac.l2l"), ntm = dir.resolve("ntm.l2l");
        Run a = l2l("meta-train", "--problem", "quadratic", "--epochs", "1", "--batch-size", "2", "--arch", "lstm-gac",
                "--out", gac.toString());
        assertEquals(0, a.exitCode(), a.err());
        var gacArch = TrainedOptimizerFile.read(gac).architecture();
        assertEquals("lstm-gac", gacArch.kind());
        assertEquals(5, gacArch.globalCells());
        Run b = l2l("meta-train", "--problem", "quadratic", "--epochs", "1", "--batch-size", "2", "--arch", "ntm-lbfgs",
                "--memory-window", "4", "--out", ntm.toString());
        assertEquals(0, b.exitCode(), b.err());
        var ntmArch = TrainedOptimizerFile.read(ntm).architecture();
        assertEquals("ntm-lbfgs", ntmArch.kind());
        assertEquals(new org.l2l4j.core.optimizer.LowRankMemory(4, 3), ntmArch.memory());
        // and it runs where an optimizer file is taken: compare
        Run c = l2l("compare", "--problem", "quadratic", "--optimizer", ntm.toString(), "--baselines", "sgd", "--grid", "coarse",
                "--test-problems", "4", "--tuning-instances", "4", "--tuning-cache", dir.resolve("cache-arch").toString(),
                "--out", dir.resolve("compare-ntm").toString());
        assertEquals(0, c.exitCode(), c.err());
        Run bad = l2l("meta-train", "--problem", "quadratic", "--arch", "transformer", "--out", gac.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("unknown architecture 'transformer': lstm, lstm-gac or ntm-lbfgs"), bad.err());
    }

    @Test void metaTrainResumesAnInterruptedRunFromItsCheckpoint() throws IOException {
        Path out = dir.resolve("resumed.l2l"), checkpoint = dir.resolve("resumed.ckpt");
        // the state an interrupted "--epochs 4 --batch-size 8" run leaves after epoch 2
        var d = MetaTrainingConfig.quadraticDefaults();
        var firstTwo = new MetaTrainingConfig(d.architecture(), 2, 8, d.horizon(), d.unroll(), d.metaLearningRate(),
                d.schedule(), d.clipNorm(), d.objective(), d.validationInstances(), d.validateEvery(), d.forgetBias(),
                d.outputInitStd(), d.seed(), d.dataType());
        new MetaTrainer(QuadraticFamily.paper(), firstTwo, TrainingListener.NONE).train(checkpoint);
        assertTrue(Files.exists(checkpoint));

        Run run = l2l("meta-train", "--problem", "quadratic", "--epochs", "4", "--batch-size", "8",
                "--checkpoint", checkpoint.toString(), "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("resuming from checkpoint " + checkpoint), run.err());
        assertTrue(run.out().contains("4 epochs (resumed after epoch 2)"), run.out());
        assertEquals(4, TrainedOptimizerFile.read(out).provenance().epochsRun());
        assertFalse(Files.exists(checkpoint));
    }

    @Test void metaTrainOnSparkWritesTheOptimizerOfOneProcess() throws IOException {
        Path here = dir.resolve("one-process.l2l"), onSpark = dir.resolve("spark.l2l");
        String[] options = {"meta-train", "--problem", "quadratic", "--epochs", "2", "--batch-size", "8", "--shards", "4",
                "--seed", "3"};
        Run one = l2l(concat(options, "--out", here.toString()));
        Run spark = l2l(concat(options, "--spark", "local[2]", "--out", onSpark.toString()));
        assertEquals(0, one.exitCode(), one.err());
        assertEquals(0, spark.exitCode(), spark.err());
        assertArrayEquals(TrainedOptimizerFile.read(here).weights(), TrainedOptimizerFile.read(onSpark).weights(), 0.0);
        // 2 epochs of 5 truncations (horizon 100, unroll 20), 4 shards each
        assertTrue(spark.out().contains("on Spark local[2]: 40 tasks in 10 jobs, 0 truncations replayed"), spark.out());
        assertFalse(one.out().contains("Spark"), one.out());
    }

    @Test void metaTrainRefusesShardsThatDoNotCutTheBatchAndSparkWithoutMaster() {
        Run shards = l2l("meta-train", "--problem", "quadratic", "--batch-size", "8", "--shards", "3",
                "--out", dir.resolve("s.l2l").toString());
        assertEquals(2, shards.exitCode());
        assertTrue(shards.err().contains("--shards 3: the batch of 8 problems cannot be cut into 3 shards"), shards.err());
        Run master = l2l("meta-train", "--problem", "quadratic", "--batch-size", "8", "--spark",
                "--out", dir.resolve("m.l2l").toString());
        assertEquals(2, master.exitCode());
        assertTrue(master.err().contains("--spark needs a master URL"), master.err());
        assertFalse(Files.exists(dir.resolve("s.l2l")) || Files.exists(dir.resolve("m.l2l")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test void compareWritesResultsAndChartsOnTheSameTestProblems() throws IOException {
        Path out = dir.resolve("compare");
        Run run = compare(out, "1");
        assertEquals(0, run.exitCode(), run.err());

        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(List.of("problem", "steps", "testProblems", "seed", "split", "optimizers"), fieldNames(json));
        assertEquals("test", json.get("split").asText());
        assertEquals("quadratic", json.get("problem").asText());
        assertEquals(STEPS, json.get("steps").asInt());
        assertEquals(TEST_PROBLEMS, json.get("testProblems").asInt());
        assertEquals(1, json.get("seed").asLong());
        List<String> names = new ArrayList<>();
        for (JsonNode o : json.get("optimizers")) {
            names.add(o.get("name").asText());
            assertEquals(List.of("name", "kind", "learningRate", "meanLoss", "stderrLoss", "finalLoss", "finalLosses"), fieldNames(o));
            assertEquals(TEST_PROBLEMS, o.get("finalLosses").size());
            double sum = 0;
            for (JsonNode l : o.get("finalLosses")) sum += l.asDouble();
            assertEquals(o.get("finalLoss").asDouble(), sum / TEST_PROBLEMS, 1e-9, "the final losses average to the final mean");
            boolean learned = o.get("name").asText().equals("q.l2l");
            assertEquals(learned ? "learned" : "baseline", o.get("kind").asText());
            assertEquals(learned, o.get("learningRate").isNull(), "only learned optimizers have no learning rate");
            if (!learned) assertTrue(o.get("learningRate").asDouble() > 0);
            assertEquals(STEPS + 1, o.get("meanLoss").size());
            assertEquals(STEPS + 1, o.get("stderrLoss").size());
            assertEquals(o.get("meanLoss").get(STEPS).asDouble(), o.get("finalLoss").asDouble(), 0.0);
            assertTrue(o.get("stderrLoss").get(STEPS).asDouble() > 0, "5 different problems");
        }
        assertEquals(List.of("q.l2l", "sgd", "nag", "rmsprop", "adam", "adadelta", "adagrad", "rprop"), names);
        assertTrue(run.out().contains("q.l2l minus the best baseline ("), run.out());
        // the same test problems for all: the same initial loss
        double initial = json.get("optimizers").get(0).get("meanLoss").get(0).asDouble();
        for (JsonNode o : json.get("optimizers")) assertEquals(initial, o.get("meanLoss").get(0).asDouble(), 0.0);

        BufferedImage png = ImageIO.read(out.resolve("curves.png").toFile());
        assertEquals(LineChart.WIDTH, png.getWidth());
        assertEquals(LineChart.HEIGHT, png.getHeight());
        String svg = Files.readString(out.resolve("curves.svg"), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg") && svg.contains("</svg>") && svg.contains("<path"), "an SVG drawing");
        assertTrue(run.out().contains("wrote results.json, curves.png and curves.svg"), run.out());
    }

    @Test void compareIsAFunctionOfItsSeed() throws IOException {
        Path first = dir.resolve("seed-a"), second = dir.resolve("seed-b"), other = dir.resolve("seed-c");
        assertEquals(0, compare(first, "7", "--baselines", "adam,rprop").exitCode());
        assertEquals(0, compare(second, "7", "--baselines", "adam,rprop").exitCode());
        assertEquals(0, compare(other, "8", "--baselines", "adam,rprop").exitCode());
        byte[] a = Files.readAllBytes(first.resolve("results.json"));
        assertArrayEquals(a, Files.readAllBytes(second.resolve("results.json")));
        assertNotEquals(new String(a, StandardCharsets.UTF_8),
                Files.readString(other.resolve("results.json")), "another seed, other problems");
    }

    @Test void compareOnValidationUsesTheMetaTrainersValidationProblemsNotTheTestOnes() throws IOException {
        Path test = dir.resolve("split-test"), validation = dir.resolve("split-validation");
        assertEquals(0, compare(test, "7", "--baselines", "adam").exitCode());
        Run run = compare(validation, "7", "--baselines", "adam", "--split", "validation");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("validation problems"), run.out());
        JsonNode json = new ObjectMapper().readTree(validation.resolve("results.json").toFile());
        assertEquals("validation", json.get("split").asText());
        // the validation problems are the family's VALIDATION instances: their initial losses, and no test one
        ProblemBatch expected = QuadraticFamily.paper().sample(7, Seeds.Purpose.VALIDATION, 0, TEST_PROBLEMS, DataType.DOUBLE);
        INDArray losses = Nd4j.zeros(DataType.DOUBLE, TEST_PROBLEMS, 1);
        expected.evaluate(0, expected.initialParameters(), losses, Nd4j.zeros(DataType.DOUBLE, TEST_PROBLEMS * 10L, 1).dup('f'));
        double initial = json.get("optimizers").get(0).get("meanLoss").get(0).asDouble();
        assertEquals(losses.meanNumber().doubleValue(), initial, 1e-4 * initial);
        JsonNode onTest = new ObjectMapper().readTree(test.resolve("results.json").toFile());
        assertNotEquals(onTest.get("optimizers").get(0).get("meanLoss").get(0).asDouble(), initial, 1e-6 * initial);
        assertEquals(2, compare(dir.resolve("split-bad"), "7", "--split", "training").exitCode(), "only test or validation");
    }

    @Test void tuneWritesTheSearchAndCompareUsesItsLearningRates() throws IOException {
        Path out = dir.resolve("tune");
        Run run = l2l("tune", "--problem", "quadratic", "--optimizers", "adam,sgd", "--grid", "coarse", "--steps", String.valueOf(STEPS),
                "--tuning-instances", "16", "--tuning-cache", dir.resolve("cache").toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("tuning.json").toFile());
        assertEquals("quadratic", json.get("problem").asText());
        assertEquals(List.of("adam", "sgd"), names(json.get("optimizers")));
        for (JsonNode o : json.get("optimizers")) {
            assertEquals(List.of("name", "config", "candidates", "best"), fieldNames(o));
            assertEquals(10, o.get("candidates").size(), "the coarse grid");
            for (JsonNode c : o.get("candidates")) assertEquals(List.of("learningRate", "score", "status"), fieldNames(c));
            assertEquals(o.get("best").get("learningRate").asDouble(), o.get("config").get("learningRate").asDouble(), 0.0);
            assertTrue(o.get("config").get("updater").get("@class").asText().startsWith("org.nd4j.linalg.learning.config."),
                    o.get("config").toString());
        }
        JsonNode adam = json.get("optimizers").get(0).get("config").get("updater");
        assertEquals(0.9, adam.get("beta1").asDouble(), 0.0);
        assertEquals(0.999, adam.get("beta2").asDouble(), 0.0);
        assertEquals(1e-8, adam.get("epsilon").asDouble(), 0.0);
        assertTrue(ImageIO.read(out.resolve("tuning.png").toFile()).getWidth() > 0);

        Path compared = dir.resolve("tuned-compare");
        assertEquals(0, compare(compared, "1", "--baselines", "adam,sgd").exitCode());
        JsonNode results = new ObjectMapper().readTree(compared.resolve("results.json").toFile());
        for (int i = 0; i < 2; i++)
            assertEquals(json.get("optimizers").get(i).get("best").get("learningRate").asDouble(),
                    results.get("optimizers").get(i + 1).get("learningRate").asDouble(), 0.0, "compare takes the tuned rate");
    }

    @Test void compareRunsOnMnistDigits() throws IOException {
        Path out = dir.resolve("mnist");
        Run run = l2l("compare", "--problem", "mnist", "--hidden", "8", "--baselines", "adam", "--steps", "5", "--test-problems", "2",
                "--grid", "coarse", "--tuning-instances", "2", "--tuning-cache", dir.resolve("cache").toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("mnist", results.get("problem").asText());
        JsonNode adam = results.get("optimizers").get(0).get("meanLoss");
        assertEquals(Math.log(10), adam.get(0).asDouble(), 0.05, "a fresh network starts near ln 10");
        assertTrue(adam.get(5).asDouble() < adam.get(0).asDouble(), "tuned Adam lowers the loss in 5 steps");
    }

    @Test void mnistOptionsAreRefusedForQuadratics() {
        Run run = l2l("tune", "--problem", "quadratic", "--hidden", "40", "--out", dir.resolve("q").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("apply to mnist only"), run.err());
    }

    @Test void aMissingMnistDirectoryFailsWithOneLineNamingIt() {
        Path missing = dir.resolve("no-mnist-here");
        Run run = l2l("tune", "--problem", "mnist", "--data-dir", missing.toString(), "--out", dir.resolve("m").toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("l2l tune: MNIST data directory " + missing + " does not exist", run.err().strip());
    }

    @Test void aMissingOptimizerFileFailsWithOneLineNamingIt() {
        Path missing = dir.resolve("nowhere.l2l");
        Run run = l2l("compare", "--problem", "quadratic", "--optimizer", missing.toString(), "--out", dir.resolve("x").toString());
        assertEquals(1, run.exitCode());
        assertEquals("l2l compare: no trained-optimizer file at " + missing, run.err().strip());
        assertFalse(Files.exists(dir.resolve("x")), "nothing written before the inputs are checked");
    }

    @Test void anUnknownProblemFailsWithOneLineNamingIt() {
        Run run = l2l("meta-train", "--problem", "cubic", "--out", dir.resolve("c.l2l").toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("unknown problem 'cubic'; known: quadratic, mnist"), run.err());
    }

    @Test void aBadZooIdFailsWithOneLineAndAStackTraceOnlyWhenVerbose() {
        String[] args = {"compare", "--problem", "quadratic", "--optimizer", "zoo:no-such-entry", "--out", dir.resolve("z").toString()};
        Run quiet = l2l(args);
        assertEquals(1, quiet.exitCode());
        assertEquals(1, quiet.err().strip().lines().count(), quiet.err());
        assertTrue(quiet.err().startsWith("l2l compare: no optimizer 'no-such-entry' in the zoo"), quiet.err());
        assertTrue(quiet.err().contains("org.l2l4j.zoo.baseurl"), "says how to make it resolvable: " + quiet.err());

        List<String> verboseArgs = new ArrayList<>(List.of(args));
        verboseArgs.add("--verbose");
        Run verbose = l2l(verboseArgs.toArray(String[]::new));
        assertEquals(1, verbose.exitCode());
        assertTrue(verbose.err().contains("\tat org.l2l4j.zoo.OptimizerZoo.zoo"), verbose.err());
    }

    private Run compare(Path out, String seed, String... extra) {
        List<String> args = new ArrayList<>(List.of("compare", "--problem", "quadratic", "--optimizer", optimizerFile.toString(),
                "--steps", String.valueOf(STEPS), "--test-problems", String.valueOf(TEST_PROBLEMS), "--grid", "coarse",
                "--tuning-instances", "16", "--seed", seed, "--tuning-cache", dir.resolve("cache").toString(),
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return l2l(args.toArray(String[]::new));
    }

    static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        for (JsonNode o : array) names.add(o.get("name").asText());
        return names;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
