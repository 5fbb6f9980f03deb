package org.l2l4j.examples.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.dl4j.LearnedUpdater;
import org.l2l4j.examples.tuning.BaselineSearch;
import org.l2l4j.zoo.OptimizerZoo;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The suite's learning-rate schedule and weight decay: applied to every optimizer, tuning included, and recorded. */
class ScheduleAndWeightDecayTest {
    @TempDir Path dir;

    private static Optimizer general() { return new Optimizer("zoo:general", new LearnedUpdater(OptimizerZoo.zoo("general"))); }

    /** The largest relative difference between the losses from iteration {@code from} on. */
    private static double spread(double[] loss, int from) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < loss.length; i++) {
            min = Math.min(min, loss[i]);
            max = Math.max(max, loss[i]);
        }
        return (max - min) / max;
    }

    /**
     * step:0@4 on one minibatch: from iteration 4 on the parameters stay, so the loss does, for the learned
     * optimizer, default Adam and tuned Adam (tuned with the schedule); without the schedule the same runs go on
     * lowering it (by percents per iteration). "Stays" is within 1e-4: the order of the 16 examples in the sum
     * changes, and DL4J's native Adam replaces a step size of 0 by its epsilon (1e-8), so it creeps on.
     */
    @Test void everyOptimizerFollowsTheScheduleTunedBaselinesIncluded() {
        Task task = TinyTasks.oneBatch();
        var settings = new Suite.Settings(List.of(1L), List.of(1001L), dir.resolve("cache"), 1);
        var schedule = LearningRateSchedule.parse("step:0@4");
        var baselines = List.of(SuiteBaseline.ADAM_DEFAULT, SuiteBaseline.ADAM_TUNED);
        TaskResult constant = new Suite(settings, List.of(general()), baselines).run(task);
        var scheduledSuite = new Suite(settings.withSchedule(schedule), List.of(general()), baselines);
        assertEquals(TinyTasks.ITERATIONS * (3L + SuiteBaseline.ADAM_TUNED.grid().length), scheduledSuite.iterations(List.of(task)),
                "the search without the schedule is cached; the one with it is another search");
        TaskResult scheduled = scheduledSuite.run(task);
        for (String name : List.of("zoo:general", "adam-default", "adam-tuned")) {
            double[] with = scheduled.result(name).orElseThrow().runs().get(0).loss();
            double[] without = constant.result(name).orElseThrow().runs().get(0).loss();
            assertTrue(spread(with, 4) < 1e-4, name + " with step:0@4: " + Arrays.toString(with));
            assertTrue(spread(without, 4) > 1e-3, name + " without: " + Arrays.toString(without));
            assertArrayEquals(Arrays.copyOf(without, 4), Arrays.copyOf(with, 4), 1e-6, name + ": the same until iteration 4");
        }
        // the tuned rate's score is a tuning-seed run with the schedule
        OptimizerResult tuned = scheduled.result("adam-tuned").orElseThrow();
        @SuppressWarnings("unchecked")
        var candidates = (List<BaselineSearch.Candidate>) tuned.tuning().get("candidates");
        var best = candidates.stream().filter(c -> c.learningRate() == tuned.learningRate()).findFirst().orElseThrow();
        Run tuningRun = Trainer.train(task, schedule.applyTo(new Adam(best.learningRate(), 0.9, 0.999, 1e-8)), 1001, x -> {});
        assertEquals(tuningRun.finalLoss(), best.score(), 1e-6 * best.score());
        assertEquals("step:0@4", scheduledSuite.describe().get("learningRateSchedule"));
        assertEquals(null, new Suite(settings, List.of(general()), baselines).describe().get("learningRateSchedule"));
    }

    @Test void weightDecayKeepsEveryOptimizersWeightsSmallerAndIsRecorded() throws IOException {
        Task task = TinyTasks.digits();
        var settings = new Suite.Settings(List.of(1L), List.of(), dir.resolve("cache"), 1);
        var optimizers = List.of(general());
        var baselines = List.of(SuiteBaseline.ADAM_DEFAULT);
        TaskResult plain = new Suite(settings, optimizers, baselines).run(task);
        var decayed = new Suite(settings.withWeightDecay(0.1), optimizers, baselines);
        TaskResult decay = decayed.run(task);
        for (String name : List.of("zoo:general", "adam-default")) {
            OptimizerResult a = plain.result(name).orElseThrow(), b = decay.result(name).orElseThrow();
            assertEquals(0.0, a.regularization(), name + ": no penalty without weight decay");
            assertTrue(b.regularization() > 0, name + ": DL4J's weight-decay penalty is in the loss");
            assertTrue(b.parameterNorm() < a.parameterNorm(), name + ": " + b.parameterNorm() + " against " + a.parameterNorm());
            assertFalse(Arrays.equals(a.meanLoss(), b.meanLoss()), name);
        }
        assertTrue(decay.description().contains("weight decay 0.1"), decay.description());
        Path out = dir.resolve("decay");
        Suite.write(new SuiteResults(decayed.describe(), List.of(decay)), out);
        JsonNode json = new ObjectMapper().readTree(out.resolve(Suite.JSON).toFile());
        assertEquals(0.1, json.get("settings").get("weightDecay").asDouble());
        JsonNode r = json.get("tasks").get(0).get("results").get(0);
        assertTrue(r.get("parameterNorm").asDouble() > 0 && r.get("regularization").asDouble() > 0, r.toString());
        assertTrue(r.get("runs").get(0).get("parameterNorm").isNumber());
        String md = Files.readString(out.resolve(Suite.MARKDOWN));
        assertTrue(md.contains("Weight decay 0.1") && md.contains("regularization penalty"), md);
    }

    /**
     * Weight decay in a user's configuration JSON survives the suite putting its updater in (only the updaters are
     * replaced). DL4J 1.0.0-M2.1's builder {@code .weightDecay(c)} puts WeightDecay(c) into every layer twice (a
     * decay of 2c, and twice the penalty); --weight-decay sets it once.
     */
    @Test void aConfigurationsOwnWeightDecaySurvivesAndTheSuitesOptionSetsItOnce() {
        var own = new NeuralNetConfiguration.Builder().seed(0).dataType(DataType.FLOAT).updater(new Sgd(0.1)).weightDecay(0.1).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(8).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
        var twice = List.of(new WeightDecay(0.1, true), new WeightDecay(0.1, true));
        Network fromJson = Network.fromJson(own.toJson(), "own.json");
        var built = (MultiLayerNetwork) fromJson.build(new Adam(1e-2), 1);
        var once = (MultiLayerNetwork) fromJson.withWeightDecay(0.1).build(new Adam(1e-2), 1);
        for (int i = 0; i < 2; i++) {
            var l = (BaseLayer) built.getLayerWiseConfigurations().getConf(i).getLayer();
            assertTrue(l.getIUpdater() instanceof Adam, "the suite's updater is in");
            assertEquals(twice, l.getRegularization(), "the configuration's weight decay is kept, as DL4J's builder set it");
            assertEquals(List.of(new WeightDecay(0.1, true)),
                    ((BaseLayer) once.getLayerWiseConfigurations().getConf(i).getLayer()).getRegularization());
        }
        assertEquals(2 * once.calcRegularizationScore(true), built.calcRegularizationScore(true), 1e-9, "same initial weights");
        Task plain = TinyTasks.digits();
        Task viaJson = new Task("own", "own", fromJson, plain.data(), plain.iterations());
        for (var u : List.of(new Adam(1e-2), new LearnedUpdater(OptimizerZoo.zoo("general")))) {
            Run decayed = Trainer.train(viaJson, u, 1, x -> {}), undecayed = Trainer.train(plain, u, 1, x -> {});
            assertFalse(Arrays.equals(decayed.loss(), undecayed.loss()), u + ": the configuration's weight decay acts");
            assertTrue(decayed.parameterNorm() < undecayed.parameterNorm(), u.toString());
        }
    }
}
