package org.l2l4j.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.core.host.BlasThreads;
import org.l2l4j.core.host.Workers;
import org.l2l4j.core.optimizer.StepCost;
import org.l2l4j.dl4j.LearnedUpdater;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Whole DL4J {@code fit} iterations of a user's MNIST MLP (784-H-10, ReLU, softmax, minibatches of the bundled
 * digits), once with DL4J's Adam and once with each learned optimizer, timed in the same run. The networks
 * train in rounds taken in turn (Adam, then each learned optimizer, then Adam again ...), so a change of load
 * on the machine reaches every optimizer alike; the time per iteration is the median over rounds. Native
 * threads are as a DL4J program starts with (nothing is set), and each network's final score is reported:
 * with the same seed it is the same in every run, whatever the thread settings.
 */
final class FitBenchmark {
    private FitBenchmark() {}

    record Settings(int hidden, int minibatch, int warmup, int iterations, int rounds) {}

    /**
     * One optimizer's timings: milliseconds per iteration in each round and their median; and what its update step
     * costs per parameter ({@link StepCost}: FLOPs, state floats).
     */
    record Timing(String optimizer, double msPerIteration, double relativeToAdam, double[] roundMs, double finalScore,
                  long flopsPerParameter, int stateFloatsPerParameter) {}

    record Threads(int availableProcessors, int nd4jThreads, int openBlasThreads, int workers) {}

    record Report(String network, long parameters, int minibatch, int warmupIterations, int iterationsPerRound, int rounds,
                  Threads threads, List<Timing> results) {}

    interface Progress { void round(int round, int rounds); }

    static Report run(Settings s, List<LearnedOptimizer> learned, DataSet digits, Progress progress) {
        List<String> names = new ArrayList<>(List.of("Adam (DL4J, lr 1e-3)"));
        List<MultiLayerNetwork> nets = new ArrayList<>(List.of(network(new Adam(1e-3), s.hidden())));
        for (LearnedOptimizer l : learned) {
            names.add(l.name());
            nets.add(network(new LearnedUpdater(l.optimizer()), s.hidden()));
        }
        List<DataSet> batches = minibatches(digits, s.minibatch());
        int[] done = new int[nets.size()];
        for (int k = 0; k < nets.size(); k++) fit(nets.get(k), batches, done, k, s.warmup());
        double[][] ms = new double[nets.size()][s.rounds()];
        for (int round = 0; round < s.rounds(); round++) {
            for (int k = 0; k < nets.size(); k++) {
                long t0 = System.nanoTime();
                fit(nets.get(k), batches, done, k, s.iterations());
                ms[k][round] = (System.nanoTime() - t0) / 1e6 / s.iterations();
            }
            progress.round(round + 1, s.rounds());
        }
        double adam = median(ms[0]);
        List<Timing> results = new ArrayList<>();
        for (int k = 0; k < nets.size(); k++) {
            StepCost cost = k == 0 ? null : learned.get(k - 1).optimizer().architecture().stepCost();
            results.add(new Timing(names.get(k), median(ms[k]), median(ms[k]) / adam, ms[k], nets.get(k).score(),
                    k == 0 ? StepCost.ADAM_FLOPS : cost.flopsPerParameter(), k == 0 ? StepCost.ADAM_STATE : cost.stateFloats()));
        }
        var threads = new Threads(Runtime.getRuntime().availableProcessors(), Nd4j.getEnvironment().maxThreads(),
                BlasThreads.current(), Workers.shared().lanes());
        return new Report("784-" + s.hidden() + "-10 MLP, ReLU, softmax, cross-entropy, bundled MNIST digits",
                nets.get(0).numParams(), s.minibatch(), s.warmup(), s.iterations(), s.rounds(), threads, results);
    }

    static MultiLayerNetwork network(IUpdater updater, int hidden) {
        var conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(hidden).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        var net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Consecutive minibatches of the digits (the same sequence for every optimizer), FLOAT. */
    static List<DataSet> minibatches(DataSet digits, int size) {
        if (size < 1 || size > digits.numExamples())
            throw new IllegalArgumentException("--minibatch must be in 1.." + digits.numExamples() + ", got " + size);
        List<DataSet> batches = new ArrayList<>();
        for (DataSet b : digits.batchBy(size))
            if (b.numExamples() == size)
                batches.add(new DataSet(b.getFeatures().castTo(DataType.FLOAT), b.getLabels().castTo(DataType.FLOAT)));
        return batches;
    }

    private static void fit(MultiLayerNetwork net, List<DataSet> batches, int[] done, int k, int iterations) {
        for (int i = 0; i < iterations; i++) net.fit(batches.get(done[k]++ % batches.size()));
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
