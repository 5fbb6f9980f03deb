package org.l2l4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.optimizer.StepKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * A network saved with ModelSerializer (updater state included) and restored, in this JVM or a new one,
 * continues training with parameters bit-identical to a run that never stopped. This holds only if the
 * optimizer's state lives in DL4J's state array (restored by assignment) and the iteration count
 * reaches the learning-rate schedule.
 */
class SaveRestoreTest {
    static final int BEFORE = 5, AFTER = 4;

    @TempDir Path dir;

    /** Zoo-referenced optimizer with an iteration schedule on the step, Adam on the hidden layer. */
    static MultiLayerNetwork mln() {
        var learned = LearnedUpdater.fromZoo("test-paper")
                .withLearningRateSchedule(new ExponentialSchedule(ScheduleType.ITERATION, 1.0, 0.9));
        return Nets.mln(new Nets.Updaters(learned, null, new Adam(1e-2), null), DataType.FLOAT, WorkspaceMode.ENABLED);
    }

    /**
     * Embedded optimizers (in no zoo), a different one for biases whose inputs carry state of their own
     * (moments) and a linear input path, an NTM-L-BFGS (its memory window wraps before the save) on the
     * hidden layer and an LSTM+GAC on the output layer; double precision.
     */
    static ComputationGraph graph() {
        var u = new Nets.Updaters(new LearnedUpdater(TestOptimizers.ownPaper()), new LearnedUpdater(TestOptimizers.ownMoments()),
                new LearnedUpdater(TestOptimizers.ownNtm()), new LearnedUpdater(TestOptimizers.ownGac()));
        return Nets.graph(u, DataType.DOUBLE, WorkspaceMode.ENABLED);
    }

    /**
     * The corrected Adam (its momenta, second moment and step count are state too) as the global updater, with an
     * iteration schedule on its multiplier and weight decay, as a user would set them.
     */
    static MultiLayerNetwork generalMln() {
        var learned = new LearnedUpdater(TestOptimizers.ownGeneral())
                .withLearningRateSchedule(new ExponentialSchedule(ScheduleType.ITERATION, 1.0, 0.9));
        var conf = Nets.base(Nets.Updaters.global(learned), DataType.FLOAT, WorkspaceMode.ENABLED).weightDecay(1e-3).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(Nets.IN).nOut(12)
                        .activation(org.nd4j.linalg.activations.Activation.TANH).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE).nIn(12).nOut(Nets.OUT)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .build();
        var net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void restoredInThisJvmContinuesExactly() throws Exception {
        check(SaveRestoreTest::mln, true, false);
        check(SaveRestoreTest::graph, false, false);
    }

    @Test
    void restoredInANewJvmContinuesExactly() throws Exception {
        check(SaveRestoreTest::mln, true, true);
        check(SaveRestoreTest::graph, false, true);
    }

    @Test
    void theCorrectedAdamRestoredContinuesExactly() throws Exception {
        assumeFalse(OnNd4jKernel.active(), "the ND4J-operations kernel has no form of the corrected-Adam output yet");
        check(SaveRestoreTest::generalMln, true, false);
        check(SaveRestoreTest::generalMln, true, true);
    }

    private void check(Supplier<Model> build, boolean mln, boolean newJvm) throws Exception {
        Model uninterrupted = build.get();
        ContinueTraining.fit(uninterrupted, 0, BEFORE + AFTER);

        Model first = build.get();
        ContinueTraining.fit(first, 0, BEFORE);
        File saved = dir.resolve(mln ? "mln.zip" : "graph.zip").toFile();
        ModelSerializer.writeModel(first, saved, true);

        double[] continued = newJvm ? inNewJvm(saved, mln)
                : ContinueTraining.continueTraining(saved, mln, BEFORE, BEFORE + AFTER).params().toDoubleVector();
        assertArrayEquals(uninterrupted.params().toDoubleVector(), continued, 0.0, (mln ? "mln" : "graph") + " continued");

        // the check is sensitive: the same restore without the updater state ends elsewhere
        Model stateless = mln ? ModelSerializer.restoreMultiLayerNetwork(saved, false)
                : ModelSerializer.restoreComputationGraph(saved, false);
        ContinueTraining.fit(stateless, BEFORE, BEFORE + AFTER);
        assertFalse(java.util.Arrays.equals(uninterrupted.params().toDoubleVector(), stateless.params().toDoubleVector()));
    }

    private double[] inNewJvm(File saved, boolean mln) throws Exception {
        File out = dir.resolve(mln ? "mln.params" : "graph.params").toFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the kernel setting travels with the run: the child must continue on the kernel the parent compares with
        String kernel = "-D" + StepKernel.PROPERTY + "=" + System.getProperty(StepKernel.PROPERTY, StepKernel.AUTO.id());
        var process = new ProcessBuilder(List.of(java, "-Xmx1g", kernel, "-cp", System.getProperty("java.class.path"),
                ContinueTraining.class.getName(), saved.toString(), mln ? "mln" : "graph",
                String.valueOf(BEFORE), String.valueOf(BEFORE + AFTER), out.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child JVM finished in time");
        assertEquals(0, process.exitValue(), () -> "child JVM failed:\n" + read(dir.resolve("child.log")));
        return Nd4j.readBinary(out).toDoubleVector();
    }

    private static String read(Path p) {
        try { return Files.readString(p); } catch (java.io.IOException e) { return e.toString(); }
    }
}
