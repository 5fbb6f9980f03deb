package org.l2l4j.examples.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.l2l4j.dl4j.LearnedUpdater;
import org.l2l4j.zoo.OptimizerZoo;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/** The runner on tiny tasks of both network kinds: what it records, determinism, divergence, DL4J's hook order. */
class TrainerTest {

    private static void checkRun(Task task, Run run) {
        assertNull(run.divergedAt(), run.failure());
        assertEquals(task.iterations(), run.loss().length);
        assertEquals(task.iterations(), run.seconds().length);
        for (double l : run.loss()) assertTrue(Double.isFinite(l) && l > 0, Arrays.toString(run.loss()));
        for (int i = 1; i < run.seconds().length; i++) assertTrue(run.seconds()[i] > run.seconds()[i - 1], "wall time grows");
        assertTrue(run.updaterSeconds() > 0 && run.forwardBackwardSeconds() > 0);
        assertTrue(run.updaterSeconds() + run.forwardBackwardSeconds() <= run.wallSeconds() + 1e-9,
                "the two parts lie within the fit's wall time");
        assertTrue(Double.isFinite(run.heldOut()));
    }

    @Test void multiLayerNetworkRunIsAFunctionOfItsSeed() {
        Task task = TinyTasks.digits();
        Run a = Trainer.train(task, new Adam(1e-2), 5, x -> {}), b = Trainer.train(task, new Adam(1e-2), 5, x -> {});
        Run other = Trainer.train(task, new Adam(1e-2), 6, x -> {});
        checkRun(task, a);
        assertArrayEquals(a.loss(), b.loss(), "same seed, same losses");
        assertEquals(a.heldOut(), b.heldOut());
        assertFalse(Arrays.equals(a.loss(), other.loss()), "another seed, other initialization and minibatches");
        assertTrue(a.heldOut() >= 0 && a.heldOut() <= 1, "accuracy");
        assertTrue(mean(a.loss(), 8, 12) < mean(a.loss(), 0, 4), "Adam lowers the loss: " + Arrays.toString(a.loss()));
    }

    @Test void computationGraphRunIsAFunctionOfItsSeed() {
        Task task = TinyTasks.sines();
        assertEquals(HeldOutMetric.MSE, task.metric());
        Run a = Trainer.train(task, new Adam(1e-2), 5, x -> {}), b = Trainer.train(task, new Adam(1e-2), 5, x -> {});
        checkRun(task, a);
        assertArrayEquals(a.loss(), b.loss());
        assertFalse(Arrays.equals(a.loss(), Trainer.train(task, new Adam(1e-2), 6, x -> {}).loss()));
    }

    @Test void learnedUpdaterTrainsBothKindsAndProgressCountsIterations() {
        IUpdater learned = new LearnedUpdater(OptimizerZoo.zoo("mnist"));
        for (Task task : List.of(TinyTasks.digits(), TinyTasks.sines())) {
            AtomicLong done = new AtomicLong();
            Run run = Trainer.train(task, learned, 1, done::addAndGet);
            checkRun(task, run);
            assertEquals(task.iterations(), done.get());
        }
    }

    @Test void aDivergingRunIsRecordedNotThrownAndTheNextRunIsUnharmed() {
        Task task = TinyTasks.sines();
        Run diverged = Trainer.train(task, new Sgd(1e8), 1, x -> {});
        assertNotNull(diverged.divergedAt());
        assertTrue(diverged.divergedAt() < task.iterations());
        assertEquals(diverged.divergedAt() + 1, diverged.loss().length, "the losses up to and including the bad one");
        assertFalse(Double.isFinite(diverged.loss()[diverged.loss().length - 1]));
        assertTrue(Double.isNaN(diverged.heldOut()) && Double.isNaN(diverged.finalLoss()));
        checkRun(task, Trainer.train(task, new Adam(1e-2), 1, x -> {}));
    }

    /**
     * What the timing split relies on, checked on DL4J itself: at onGradientCalculation the parameters are
     * still those of the previous iterationDone and the gradient is the raw one (summed over the minibatch: DL4J
     * divides by its size in the updater step); by iterationDone they have moved by exactly the SGD update of it.
     */
    @Test void dl4jCallsOnGradientCalculationBeforeTheUpdaterAndIterationDoneAfterIt() {
        double lr = 0.05;
        for (Task task : List.of(TinyTasks.digits(), TinyTasks.sines())) {
            Model net = task.network().build(new Sgd(lr), 3);
            int batch = task.data().train(1).batch();
            List<String> problems = new ArrayList<>();
            int[] iterations = {0};
            net.setListeners(new BaseTrainingListener() {
                INDArray before = net.params().dup(), gradient;

                @Override public void onGradientCalculation(Model model) {
                    if (!model.params().equalsWithEps(before, 0)) problems.add("parameters changed before the gradient was handed over");
                    gradient = model.gradient().gradient().dup();
                }

                @Override public void iterationDone(Model model, int iteration, int epoch) {
                    INDArray expected = before.sub(gradient.mul(lr / batch));
                    if (!model.params().equalsWithEps(expected, 1e-6)) problems.add("iterationDone does not see params - lr * gradient / minibatch");
                    before = model.params().dup();
                    iterations[0]++;
                }
            });
            task.network().fit(net, new Bounded(task.data().train(1), 4));
            assertEquals(4, iterations[0], task.name());
            assertEquals(List.of(), problems, task.name() + " (" + (net instanceof ComputationGraph ? "graph" : "multi-layer") + ")");
        }
    }

    @Test void buildReplacesEveryUpdaterAndLeavesTheConfigurationAlone() {
        var conf = TinyTasks.mlp();
        conf.getConf(1).getLayer();
        ((org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(1).getLayer()).setBiasUpdater(new Sgd(7));
        Network network = Network.of(conf);
        var net = (MultiLayerNetwork) network.build(new Adam(0.003), 9);
        for (var layer : net.getLayers()) {
            var c = (org.deeplearning4j.nn.conf.layers.BaseLayer) layer.conf().getLayer();
            assertEquals(new Adam(0.003), c.getUpdaterByParam("W"));
            assertEquals(new Adam(0.003), c.getUpdaterByParam("b"), "bias updaters are replaced too");
            assertEquals(9, layer.conf().getSeed());
        }
        assertEquals(new Sgd(0.1), ((org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(0).getLayer()).getIUpdater());
        assertEquals(0, ((MultiLayerNetwork) network.build(new Adam(), 0)).getLayerWiseConfigurations().getConf(0).getSeed());
    }

    @Test void shuffledBatchesVisitEveryExampleOncePerPassInASeededOrder() {
        DataSet data = Digits.bundled().firstTraining(40, 1).train();
        var a = new ShuffledBatches(data, 10, 1, true);
        List<float[]> order = new ArrayList<>();
        while (a.hasNext()) {
            DataSet batch = a.next();
            assertEquals(10, batch.numExamples());
            for (int i = 0; i < 10; i++) order.add(batch.getFeatures().getRow(i).toFloatVector());
        }
        assertEquals(40, order.size());
        assertEquals(40, order.stream().map(Arrays::hashCode).distinct().count(), "each example once in a pass");
        float[] first = order.get(0);
        assertArrayEquals(first, new ShuffledBatches(data, 10, 1, true).next().getFeatures().getRow(0).toFloatVector(),
                "same seed, same order");
        assertFalse(Arrays.equals(firstBatch(new ShuffledBatches(data, 10, 2, true)), firstBatch(new ShuffledBatches(data, 10, 1, true))),
                "another seed, another order");
        var again = new ShuffledBatches(data, 10, 1, true);
        float[] pass0 = firstBatch(again);
        while (again.hasNext()) again.next();
        again.reset();
        assertFalse(Arrays.equals(pass0, firstBatch(again)), "each pass a new permutation");
    }

    private static float[] firstBatch(ShuffledBatches b) {
        return b.next().getFeatures().dup().data().asFloat();
    }

    private static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += x[i];
        return s / (to - from);
    }
}
