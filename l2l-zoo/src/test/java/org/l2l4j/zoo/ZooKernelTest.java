package org.l2l4j.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.optimizer.KernelCases;
import org.l2l4j.core.optimizer.ReferenceRuns;
import org.l2l4j.core.optimizer.StepKernel;
import org.l2l4j.dl4j.LearnedUpdater;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The optimizers the zoo publishes (every architecture and preprocessing they use: the plain LSTM, LSTM+GAC and
 * NTM-L-BFGS with the input path on raw gradients, and moments-rprop inputs on MNIST, in 2 x 20 and in the packed 1 x 10), with their trained
 * weights, on the ND4J kernel against the host kernel: the step stream of one deployment, and DL4J fits.
 * Tolerances as in l2l-core's kernel test ({@link KernelCases#tolerance}); on a GPU the host kernel's results
 * come from a CPU run ({@link ReferenceRuns}).
 */
class ZooKernelTest {
    static final int N = 400, STEPS = 40, ITERATIONS = 10;
    static final ReferenceRuns REFERENCES = new ReferenceRuns("ZooKernelTest");

    @AfterAll
    static void report() {
        REFERENCES.writeReport();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"quadratic, FLOAT", "quadratic, DOUBLE", "quadratic-gac, FLOAT", "quadratic-gac, DOUBLE",
            "quadratic-ntm, FLOAT", "quadratic-ntm, DOUBLE", "mnist, FLOAT", "mnist, DOUBLE",
            "mnist-compact, FLOAT", "mnist-compact, DOUBLE", "general, FLOAT", "general, DOUBLE"})
    void zooOptimizersStepAlikeOnBothKernels(String id, DataType type) {
        TrainedOptimizer optimizer = OptimizerZoo.zoo(id);
        var arch = optimizer.architecture();
        double[] w = optimizer.weights();
        var gradients = KernelCases.gradients(N, STEPS, 5);
        String name = id + "-" + type;
        INDArray[] ops = KernelCases.run(arch, w, N, gradients, type, StepKernel.ND4J);
        INDArray[] host = REFERENCES.get(name, () -> KernelCases.run(arch, w, N, gradients, type, StepKernel.HOST),
                "steps", "planes");
        REFERENCES.record(KernelCases.assertClose(name, ops, host, type));
    }

    /** mnist on every layer of a MultiLayerNetwork; quadratic, quadratic-gac and quadratic-ntm on the layers of a graph. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"mln, FLOAT", "mln, DOUBLE", "graph, FLOAT", "graph, DOUBLE"})
    void zooOptimizersTrainAlikeOnBothKernels(String net, DataType type) {
        Model ops = build(net, StepKernel.ND4J, type);
        fit(ops);
        INDArray expected = REFERENCES.get(net + "-" + type + "-params", () -> {
            Model host = build(net, StepKernel.HOST, type);
            fit(host);
            return host.params().castTo(DataType.DOUBLE);
        });
        double error = KernelCases.relativeError(ops.params(), expected);
        double moved = KernelCases.relativeError(build(net, StepKernel.ND4J, type).params(), expected);
        double tolerance = type == DataType.FLOAT ? 1e-4 : 1e-10;
        REFERENCES.record(Map.of("case", net + "-" + type, "maxParameterError", error, "tolerance", tolerance));
        assertTrue(error <= tolerance, net + " " + type + ": parameters differ by " + error + " of their largest value");
        assertTrue(moved > 100 * tolerance, "the fit moved the parameters: " + moved);
    }

    static LearnedUpdater updater(String id, StepKernel kernel) {
        return LearnedUpdater.fromZoo(id).withKernel(kernel);
    }

    static Model build(String net, StepKernel kernel, DataType type) {
        var base = new NeuralNetConfiguration.Builder().seed(3).dataType(type);
        if (net.equals("mln")) {
            var m = new MultiLayerNetwork(base.updater(updater("mnist", kernel)).list()
                    .layer(new DenseLayer.Builder().nIn(6).nOut(16).activation(Activation.SIGMOID).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                            .activation(Activation.SOFTMAX).build())
                    .build());
            m.init();
            return m;
        }
        var g = new ComputationGraph(base.updater(updater("quadratic", kernel)).graphBuilder()
                .addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nIn(6).nOut(10).activation(Activation.TANH).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nIn(10).nOut(8).activation(Activation.TANH)
                        .updater(updater("quadratic-gac", kernel)).build(), "a")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).updater(updater("quadratic-ntm", kernel)).build(), "b")
                .setOutputs("out")
                .build());
        g.init();
        return g;
    }

    /** Minibatches of a fixed 3-class task on 6 inputs: the class of the largest of three sums. */
    static void fit(Model net) {
        DataType type = net.params().dataType();
        for (int t = 0; t < ITERATIONS; t++) {
            var random = new SplittableRandom(100 + t);
            int batch = 32;
            double[] x = new double[batch * 6], y = new double[batch * 3];
            for (int i = 0; i < batch; i++) {
                double[] sums = new double[3];
                for (int j = 0; j < 6; j++) {
                    x[i * 6 + j] = random.nextGaussian();
                    sums[j % 3] += x[i * 6 + j];
                }
                int c = sums[0] > sums[1] ? (sums[0] > sums[2] ? 0 : 2) : (sums[1] > sums[2] ? 1 : 2);
                y[i * 3 + c] = 1;
            }
            var data = new DataSet(Nd4j.create(x, new long[]{batch, 6}, type), Nd4j.create(y, new long[]{batch, 3}, type));
            if (net instanceof MultiLayerNetwork m) m.fit(data);
            else ((ComputationGraph) net).fit(data);
        }
    }
}
