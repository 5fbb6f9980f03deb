package org.l2l4j.core.metatrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.host.BlasThreads;
import org.l2l4j.core.host.Workers;
import org.l2l4j.core.optimizer.LowRankMemory;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.LstmParameters;
import org.l2l4j.core.optimizer.LstmStep;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.optimizer.TestArchitectures;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.core.problem.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The number of threads changes no bit: the same deployment and the same meta-training truncation run on
 * pools of 1, 2 and 3 worker threads, with OpenBLAS at one thread and at two (the setting a DL4J program
 * starts with here; OpenBLAS's own threaded sgemm rounds differently at these sizes), give identical steps,
 * states and meta-gradients. The paper's sizes (2 x 20), so that a chunk's GEMMs are above OpenBLAS's
 * threading threshold, on more coordinates than three chunks hold, with parameter sets that straddle chunks.
 */
class ThreadCountTest {
    private static final int[] POOLS = {1, 2, 3};
    private static final List<Workers> pools = new ArrayList<>();
    private static int blasThreads;

    @BeforeAll
    static void pools() {
        for (int lanes : POOLS) pools.add(new Workers(lanes, "thread-count-test"));
        blasThreads = BlasThreads.current();
    }

    @AfterAll
    static void restore() {
        Nd4j.factory().blas().setMaxThreads(blasThreads);
    }

    static LstmArchitecture architecture(String kind) {
        var pre = new Preprocessing.LogSign(10);
        return switch (kind) {
            case "lstm" -> LstmArchitecture.paper(pre, 0.1);
            case "lstm-gac" -> LstmArchitecture.paperGac(new Preprocessing.Moments(0.9, 1e-8), 0.1);
            case "ntm-lbfgs" -> new LstmArchitecture(2, 20, pre, 0.1, true, 5, new LowRankMemory(3, 3));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static INDArray weights(LstmArchitecture arch, DataType type) {
        var config = new MetaTrainingConfig(arch, 1, 2, 10, 5, 1e-3, MetaTrainingConfig.Schedule.CONSTANT, 0, MetaObjective.SUM, 2,
                1, 1.0, 0.5, 4, type);
        return MetaTrainer.initialWeights(config).castTo(type).reshape(1, arch.parameterCount())
                .addi(TestArchitectures.jitter(arch, 0.2, type));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "lstm-gac", "ntm-lbfgs"})
    void deploymentIsTheSameOnEveryPoolSize(String kind) {
        var arch = architecture(kind);
        int n = 1700, setSize = 850, steps = 4;   // 4 chunks, the last partial; each set spans two chunks
        var p = new LstmParameters(arch, weights(arch, DataType.FLOAT));
        var random = new SplittableRandom(17);
        List<INDArray> gradients = new ArrayList<>();
        for (int t = 0; t < steps; t++)
            gradients.add(Nd4j.create(random.doubles(n, -0.1, 0.1).toArray(), new long[]{n, 1}, DataType.DOUBLE)
                    .castTo(DataType.FLOAT).dup('f'));
        double[] reference = null;
        for (int openBlas : new int[]{1, 2}) {
            Nd4j.factory().blas().setMaxThreads(openBlas);
            for (Workers pool : pools) {
                INDArray planes = Nd4j.zeros(DataType.FLOAT, n, arch.statePlanes()).dup('f');
                var step = new LstmStep(arch, p, planes, setSize, pool);
                List<Double> bits = new ArrayList<>();
                for (INDArray g : gradients) {
                    INDArray out = g.dup('f');
                    step.apply(out, out, -1);
                    for (double v : out.toDoubleVector()) bits.add(v);
                }
                for (double v : planes.ravel().toDoubleVector()) bits.add(v);
                double[] run = bits.stream().mapToDouble(Double::doubleValue).toArray();
                assertEquals(openBlas, BlasThreads.current(), "OpenBLAS's setting is back after the steps");
                if (reference == null) reference = run;
                else assertArrayEquals(reference, run, 0.0, pool.lanes() + " workers, OpenBLAS at " + openBlas + " threads");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "lstm-gac", "ntm-lbfgs"})
    void metaTrainingTruncationIsTheSameOnEveryPoolSize(String kind) {
        var arch = architecture(kind);
        int instances = 170, unroll = 4;   // 1,700 coordinates in sets of 10, some across chunk boundaries
        var family = new QuadraticFamily(10);
        INDArray phi = weights(arch, DataType.FLOAT);
        double[] reference = null;
        for (int openBlas : new int[]{1, 2}) {
            Nd4j.factory().blas().setMaxThreads(openBlas);
            for (Workers pool : pools) {
                var truncation = new Truncation(arch, instances, 10, unroll, 2 * unroll, MetaObjective.LOG, DataType.FLOAT, pool);
                truncation.reset(family.sample(3, Seeds.Purpose.META_TRAINING, 0, instances, DataType.FLOAT));
                List<Double> bits = new ArrayList<>();
                for (int k = 0; k < 2; k++) {
                    INDArray grad = Nd4j.zeros(DataType.FLOAT, 1, arch.parameterCount());
                    bits.add(truncation.run(new LstmParameters(arch, phi), new LstmParameters(arch, grad), unroll));
                    for (double v : grad.toDoubleVector()) bits.add(v);
                    assertTrue(grad.norm2Number().doubleValue() > 0, "a meta-gradient");
                }
                bits.add(truncation.currentMeanLoss());
                double[] run = bits.stream().mapToDouble(Double::doubleValue).toArray();
                if (reference == null) reference = run;
                else assertArrayEquals(reference, run, 0.0, pool.lanes() + " workers, OpenBLAS at " + openBlas + " threads");
            }
        }
    }
}
