package org.l2l4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2l4j.core.host.HostMemory;
import org.l2l4j.core.optimizer.KernelCases;
import org.l2l4j.core.optimizer.ReferenceRuns;
import org.l2l4j.core.optimizer.StepKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The ND4J-operations kernel inside DL4J: which kernel a LearnedUpdater block gets, whole fits that end where
 * the host kernel's end, and state saved with one kernel continued by the other. On a GPU the host kernel's
 * results come from a CPU run ({@link ReferenceRuns}); the cross-kernel restore needs both kernels, so the CPU.
 *
 * <p>Tolerances on the parameters after the fit, relative to their largest value: DOUBLE 1e-10, FLOAT 1e-4.
 * The steps of the two kernels differ by at most 5e-5 of the step in FLOAT (Nd4jLstmStepTest), the updates
 * are about 1% of the parameters, and a dozen iterations of a small tanh network barely amplify a difference:
 * measured on the CPU, at most 1.3e-14 and 9e-8.
 */
class Nd4jKernelNetworkTest {
    static final int ITERATIONS = 12, BEFORE = 6, AFTER = 6;
    static final ReferenceRuns REFERENCES = new ReferenceRuns("Nd4jKernelNetworkTest");

    @TempDir Path dir;

    @AfterEach
    void clearKernelProperty() {
        System.clearProperty(StepKernel.PROPERTY);
    }

    @AfterAll
    static void report() {
        REFERENCES.writeReport();
    }

    static boolean cpuBackend() {
        return HostMemory.isPlainHost(Nd4j.zeros(DataType.FLOAT, 1));
    }

    /** The kernel a block of this updater gets when DL4J instantiates it. */
    static StepKernel kernelOf(LearnedUpdater u) {
        var g = (LearnedGradientUpdater) u.instantiate(Nd4j.zeros(DataType.FLOAT, 1, u.stateSize(10)), true);
        return g.kernel();
    }

    static Set<StepKernel> kernelsIn(Model net) {
        var updater = net instanceof MultiLayerNetwork m ? (BaseMultiLayerUpdater<?>) m.getUpdater() : ((ComputationGraph) net).getUpdater();
        Set<StepKernel> kernels = new TreeSet<>();
        for (UpdaterBlock b : updater.getUpdaterBlocks())
            if (b.getGradientUpdater() instanceof LearnedGradientUpdater g) kernels.add(g.kernel());
        return kernels;
    }

    @Test
    void autoFollowsTheBackendAndTheSettingsForceEitherKernel() {
        var u = new LearnedUpdater(TestOptimizers.ownSmall());
        boolean cpu = cpuBackend();
        assertEquals(cpu ? StepKernel.HOST : StepKernel.ND4J, kernelOf(u), "auto: host memory or not");
        assertEquals(StepKernel.ND4J, kernelOf(u.withKernel(StepKernel.ND4J)));
        System.setProperty(StepKernel.PROPERTY, "nd4j");
        assertEquals(StepKernel.ND4J, kernelOf(u), "the property sets what auto means");
        if (cpu) {
            assertEquals(StepKernel.HOST, kernelOf(u.withKernel(StepKernel.HOST)), "an explicit kernel beats the property");
            System.setProperty(StepKernel.PROPERTY, "host");
            assertEquals(StepKernel.HOST, kernelOf(u));
            assertEquals(StepKernel.ND4J, kernelOf(u.withKernel(StepKernel.ND4J)));
        } else {
            var e = assertThrows(IllegalArgumentException.class, () -> kernelOf(u.withKernel(StepKernel.HOST)));
            assertTrue(e.getMessage().contains("not plain host memory"), e.getMessage());
        }
        System.setProperty(StepKernel.PROPERTY, "gpu");
        var e = assertThrows(IllegalArgumentException.class, () -> kernelOf(u));
        assertTrue(e.getMessage().contains("l2l4j.kernel=gpu") && e.getMessage().contains("auto, host or nd4j"), e.getMessage());
    }

    @Test
    void aForcedKernelIsPartOfTheConfigurationAndItsJson() throws Exception {
        var u = new LearnedUpdater(TestOptimizers.ownSmall());
        var forced = u.withKernel(StepKernel.ND4J).withLearningRate(0.5);
        assertEquals(StepKernel.ND4J, forced.kernel(), "kept through the other copies");
        assertFalse(forced.equals(u.withLearningRate(0.5)), "a forced kernel makes another updater block");
        assertEquals(u, u.withKernel(StepKernel.AUTO));
        var mapper = org.deeplearning4j.nn.conf.serde.JsonMappers.getMapper();
        String json = mapper.writeValueAsString(forced);
        assertTrue(json.contains("\"kernel\" : \"nd4j\""), json);
        assertEquals(forced, mapper.readValue(json, org.nd4j.linalg.learning.config.IUpdater.class));
        assertFalse(mapper.writeValueAsString(u).contains("kernel"), "auto is not written: older JSON stays as it was");
    }

    /** The paper's LSTM on every layer with a step schedule, Adam on the hidden layer (as SaveRestoreTest's). */
    static MultiLayerNetwork mln(StepKernel kernel, DataType type) {
        var learned = LearnedUpdater.fromZoo("test-paper").withKernel(kernel)
                .withLearningRateSchedule(new ExponentialSchedule(ScheduleType.ITERATION, 1.0, 0.9));
        return Nets.mln(new Nets.Updaters(learned, null, new Adam(1e-2), null), type, WorkspaceMode.ENABLED);
    }

    /** Every architecture in one graph: the paper's LSTM, moments with the input path (biases), NTM-L-BFGS, LSTM+GAC. */
    static ComputationGraph graph(StepKernel kernel, DataType type) {
        Function<org.l2l4j.core.TrainedOptimizer, LearnedUpdater> on = o -> new LearnedUpdater(o).withKernel(kernel);
        var u = new Nets.Updaters(on.apply(TestOptimizers.ownPaper()), on.apply(TestOptimizers.ownMoments()),
                on.apply(TestOptimizers.ownNtm()), on.apply(TestOptimizers.ownGac()));
        return Nets.graph(u, type, WorkspaceMode.ENABLED);
    }

    static Model build(String net, StepKernel kernel, DataType type) {
        return net.equals("mln") ? mln(kernel, type) : graph(kernel, type);
    }

    static double tolerance(DataType type) {
        return type == DataType.FLOAT ? 1e-4 : 1e-10;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"mln, FLOAT", "mln, DOUBLE", "graph, FLOAT", "graph, DOUBLE"})
    void aFitOnTheNd4jKernelEndsWhereTheHostKernelsEnds(String net, DataType type) {
        Model ops = build(net, StepKernel.ND4J, type);
        ContinueTraining.fit(ops, 0, ITERATIONS);
        assertEquals(Set.of(StepKernel.ND4J), kernelsIn(ops));
        INDArray expected = REFERENCES.get(net + "-" + type, () -> {
            Model host = build(net, StepKernel.HOST, type);
            ContinueTraining.fit(host, 0, ITERATIONS);
            return host.params().castTo(DataType.DOUBLE);
        });
        INDArray start = build(net, StepKernel.ND4J, type).params().castTo(DataType.DOUBLE);
        double error = KernelCases.relativeError(ops.params(), expected), moved = KernelCases.relativeError(start, expected);
        record(net + "-" + type, error, tolerance(type));
        assertTrue(error <= tolerance(type), net + " " + type + ": parameters differ by " + error + " of their largest value");
        assertTrue(moved > 100 * tolerance(type), "the fit moved the parameters far beyond the tolerance: " + moved);
    }

    /**
     * Trained and saved with one kernel, restored and continued with the other: the parameters end where an
     * uninterrupted run on the first kernel ends (the two differ only by rounding), and not where a restore
     * without the updater state ends.
     */
    @ParameterizedTest(name = "saved on {0}, continued on {1}")
    @CsvSource({"host, nd4j", "nd4j, host"})
    void stateSavedWithOneKernelContinuesWithTheOther(String saving, String continuing) throws Exception {
        assumeTrue(cpuBackend(), "the host kernel runs on the CPU backend only");
        for (String net : new String[]{"mln", "graph"}) {
            DataType type = net.equals("mln") ? DataType.FLOAT : DataType.DOUBLE;
            System.setProperty(StepKernel.PROPERTY, saving);
            Model uninterrupted = build(net, StepKernel.AUTO, type);
            ContinueTraining.fit(uninterrupted, 0, BEFORE + AFTER);

            Model first = build(net, StepKernel.AUTO, type);
            ContinueTraining.fit(first, 0, BEFORE);
            assertEquals(Set.of(StepKernel.of(saving)), kernelsIn(first));
            File saved = dir.resolve(net + "-" + saving + ".zip").toFile();
            ModelSerializer.writeModel(first, saved, true);

            System.setProperty(StepKernel.PROPERTY, continuing);
            Model continued = ContinueTraining.continueTraining(saved, net.equals("mln"), BEFORE, BEFORE + AFTER);
            assertEquals(Set.of(StepKernel.of(continuing)), kernelsIn(continued), "the restored blocks run on the other kernel");
            Model stateless = net.equals("mln") ? ModelSerializer.restoreMultiLayerNetwork(saved, false)
                    : ModelSerializer.restoreComputationGraph(saved, false);
            ContinueTraining.fit(stateless, BEFORE, BEFORE + AFTER);

            INDArray expected = uninterrupted.params().castTo(DataType.DOUBLE);
            double error = KernelCases.relativeError(continued.params(), expected), withoutState = KernelCases.relativeError(stateless.params(), expected);
            record(net + " saved on " + saving + ", continued on " + continuing, error, tolerance(type));
            assertTrue(error <= tolerance(type), net + ": continued " + error + " away from the uninterrupted run");
            assertTrue(withoutState > 100 * tolerance(type), net + ": the check is sensitive to the state (" + withoutState + ")");
        }
    }

    private static void record(String name, double error, double tolerance) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("case", name);
        r.put("maxParameterError", error);
        r.put("tolerance", tolerance);
        REFERENCES.record(r);
    }
}
