package org.l2l4j.examples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.dl4j.LearnedUpdater;
import org.l2l4j.zoo.OptimizerZoo;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** A whole suite on a tiny task: the JSON it writes, the tuned baselines and their cache, the summary. */
class SuiteTest {
    @TempDir static Path dir;
    private static Suite.Settings settings;
    private static SuiteResults results;
    private static JsonNode json;

    @BeforeAll static void runOnce() throws IOException {
        settings = new Suite.Settings(List.of(1L, 2L), List.of(1001L), dir.resolve("cache"), 2);
        var suite = new Suite(settings, List.of(new Optimizer("zoo:mnist", new LearnedUpdater(OptimizerZoo.zoo("mnist")))),
                List.of(SuiteBaseline.values()));
        results = suite.run(List.of(TinyTasks.digits()));
        Suite.write(results, dir.resolve("out"));
        json = new ObjectMapper().readTree(dir.resolve("out").resolve(Suite.JSON).toFile());
    }

    @Test void jsonFollowsTheSchema() {
        JsonNode task = json.get("tasks").get(0);
        for (String field : List.of("name", "description", "iterations", "parameters", "results"))
            assertTrue(task.has(field), field);
        assertEquals("tiny-mlp", task.get("name").asText());
        assertEquals(TinyTasks.ITERATIONS, task.get("iterations").asInt());
        assertEquals(784 * 8 + 8 + 8 * 10 + 10, task.get("parameters").asLong());
        assertTrue(task.get("data").get("split").asText().contains("held out"), task.get("data").toString());
        List<String> names = new ArrayList<>();
        for (JsonNode r : task.get("results")) {
            names.add(r.get("optimizer").asText());
            for (String field : List.of("optimizer", "kind", "learningRate", "seeds", "meanLoss", "finalLoss", "finalLossStderr",
                    "heldOut", "secondsPerIteration", "updaterSecondsPerIteration", "diverged"))
                assertTrue(r.has(field), r.get("optimizer") + " lacks " + field);
            boolean learned = r.get("kind").asText().equals("learned");
            assertEquals(learned, r.get("learningRate").isNull(), "learning rate null exactly for learned optimizers");
            assertEquals("[1,2]", r.get("seeds").toString());
            assertEquals(TinyTasks.ITERATIONS, r.get("meanLoss").size());
            assertFalse(r.get("diverged").asBoolean());
            assertEquals("accuracy", r.get("heldOut").get("metric").asText());
            double accuracy = r.get("heldOut").get("value").asDouble();
            assertTrue(accuracy > 0 && accuracy <= 1, "held-out accuracy " + accuracy);
            assertTrue(r.get("updaterSecondsPerIteration").asDouble() < r.get("secondsPerIteration").asDouble());
            // final loss: the mean over seeds of each run's mean over its last 20 iterations (here all 12)
            double expected = 0;
            for (JsonNode run : r.get("runs")) {
                double sum = 0;
                for (JsonNode l : run.get("loss")) sum += l.asDouble();
                expected += sum / run.get("loss").size() / 2;
            }
            assertEquals(expected, r.get("finalLoss").asDouble(), 1e-9 * expected);
            double mean0 = (r.get("runs").get(0).get("loss").get(0).asDouble() + r.get("runs").get(1).get("loss").get(0).asDouble()) / 2;
            assertEquals(mean0, r.get("meanLoss").get(0).asDouble(), 1e-12);
        }
        assertEquals(List.of("zoo:mnist", "adam-default", "adam-tuned", "nag-tuned"), names);
        assertEquals("[1001]", json.get("settings").get("tuningSeeds").toString());
    }

    @Test void tunedBaselinesTakeTheBestGridPointOnTheTuningSeeds() {
        TaskResult task = results.tasks().get(0);
        for (SuiteBaseline b : List.of(SuiteBaseline.ADAM_TUNED, SuiteBaseline.NAG_TUNED)) {
            OptimizerResult r = task.result(b.resultName()).orElseThrow();
            @SuppressWarnings("unchecked")
            var candidates = (List<org.l2l4j.examples.tuning.BaselineSearch.Candidate>) r.tuning().get("candidates");
            assertEquals(b.grid().length, candidates.size());
            var best = candidates.stream().filter(c -> c.score() != null)
                    .min(java.util.Comparator.comparingDouble(org.l2l4j.examples.tuning.BaselineSearch.Candidate::score)).orElseThrow();
            assertEquals(best.learningRate(), r.learningRate(), b.id());
            // the score of a grid point is its training on the tuning seed, not on a reported seed
            Run tuningRun = Trainer.train(TinyTasks.digits(), b == SuiteBaseline.ADAM_TUNED
                    ? new Adam(best.learningRate(), 0.9, 0.999, 1e-8) : new org.nd4j.linalg.learning.config.Nesterovs(best.learningRate(), 0.9),
                    1001, x -> {});
            assertEquals(tuningRun.finalLoss(), best.score(), 1e-6 * best.score(), b.id());
        }
        assertEquals(SuiteBaseline.DEFAULT_ADAM_LEARNING_RATE, task.result("adam-default").orElseThrow().learningRate());
    }

    @Test void finishedSearchesAreReusedFromTheCache() throws IOException {
        Path cache = dir.resolve("cache");
        long files;
        try (Stream<Path> s = Files.list(cache)) {
            files = s.count();
        }
        assertEquals(2, files, "one search per tuned baseline");
        var again = new Suite(settings, List.of(), List.of(SuiteBaseline.ADAM_TUNED));
        assertEquals(TinyTasks.ITERATIONS * 2L, again.iterations(List.of(TinyTasks.digits())), "cached: only the two reported runs");
        var other = new Suite(new Suite.Settings(List.of(1L), List.of(1002L), cache, 1), List.of(), List.of(SuiteBaseline.ADAM_TUNED));
        assertEquals(TinyTasks.ITERATIONS * (1L + SuiteBaseline.ADAM_TUNED.grid().length),
                other.iterations(List.of(TinyTasks.digits())), "another tuning seed is another search");
    }

    /** The API for a user's own network: a graph configuration and the user's own (resettable) iterators. */
    @Test void comparesAUsersGraphOnTheUsersIterators() throws IOException {
        DataSet train = new NoisySines(10, 5).sample(24, 0), heldOut = new NoisySines(10, 5).sample(8, 1);
        var data = TaskData.of(() -> new ListDataSetIterator<>(train.asList(), 8), () -> new ListDataSetIterator<>(heldOut.asList(), 8),
                Map.of("data", "sines", "split", "24 train, 8 held out"));
        var suite = new Suite(new Suite.Settings(List.of(1L), List.of(), dir.resolve("cache"), 1),
                List.of(new Optimizer("zoo:quadratic", new LearnedUpdater(OptimizerZoo.zoo("quadratic")).withLearningRate(0.1))),
                List.of(SuiteBaseline.ADAM_DEFAULT));
        Path out = dir.resolve("mine");
        TaskResult t = suite.compare(TinyTasks.lstm(), data, 7, out);   // 7 iterations: the 3-minibatch epoch restarts twice
        assertEquals("ComputationGraph", t.network());
        for (OptimizerResult r : t.results()) {
            assertEquals(7, r.runs().get(0).loss().length, r.optimizer());
            assertFalse(r.diverged(), r.optimizer());
            assertEquals("mse", r.heldOut().metric());
        }
        assertTrue(Files.exists(out.resolve(Suite.JSON)) && Files.exists(out.resolve("network.png")));
    }

    @Test void tuningSeedsMustDifferFromReportedSeeds() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Suite.Settings(List.of(1L, 2L), List.of(2L), dir, 1));
        assertTrue(e.getMessage().contains("seed 2"), e.getMessage());
    }

    @Test void writesAFigurePerTaskAndASummaryWithTheRatios() throws IOException {
        Path out = dir.resolve("out");
        var png = ImageIO.read(out.resolve("tiny-mlp.png").toFile());
        assertEquals(1600, png.getWidth(), "loss against iteration and against wall time, side by side");
        assertTrue(Files.readString(out.resolve("tiny-mlp.svg")).contains("<svg"));
        String md = Files.readString(out.resolve(Suite.MARKDOWN));
        assertTrue(md.contains("| task | optimizer | final loss | ÷ Adam 1e-3 | ÷ tuned Adam |"), md);
        TaskResult t = results.tasks().get(0);
        double ratio = t.result("zoo:mnist").orElseThrow().finalLoss() / t.result("adam-default").orElseThrow().finalLoss();
        assertTrue(md.contains("| tiny-mlp | zoo:mnist | ") && md.contains(String.format(java.util.Locale.ROOT, "%.3g", ratio)),
                "the overview row holds the ratio to default Adam " + ratio + ":\n" + md);
        assertTrue(new Summary(results).text().lines().anyMatch(l -> l.startsWith("tiny-mlp  zoo:mnist")));
    }

    @Test void aDivergedOptimizerIsReportedAsSuchWithoutStoppingTheSuite() throws IOException {
        var suite = new Suite(new Suite.Settings(List.of(1L), List.of(), dir.resolve("cache"), 1),
                List.of(new Optimizer("sgd-huge", new org.nd4j.linalg.learning.config.Sgd(1e8))), List.of(SuiteBaseline.ADAM_DEFAULT));
        List<String> warnings = new ArrayList<>();
        suite.reporting(org.l2l4j.examples.tuning.Progress.NONE, warnings::add);
        TaskResult t = suite.run(TinyTasks.sines());
        OptimizerResult bad = t.result("sgd-huge").orElseThrow();
        assertTrue(bad.diverged());
        assertEquals(List.of(1L), bad.divergedSeeds());
        assertTrue(Double.isNaN(bad.finalLoss()));
        assertFalse(t.result("adam-default").orElseThrow().diverged());
        assertEquals(1, warnings.size(), warnings.toString());
        Path out = dir.resolve("diverged");
        Suite.write(new SuiteResults(Map.of(), List.of(t)), out);
        JsonNode r = new ObjectMapper().readTree(out.resolve(Suite.JSON).toFile()).get("tasks").get(0).get("results").get(0);
        assertTrue(r.get("finalLoss").isNull(), "non-finite numbers are written as null");
        assertTrue(r.get("runs").get(0).get("divergedAt").isInt());
    }
}
