package org.l2l4j.dl4j.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.optimizer.StepKernel;
import org.l2l4j.dl4j.LearnedUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One FLOAT update of n parameters through a DL4J GradientUpdater, by the rule {@code rule}: the learned
 * optimizer on the host kernel ({@code host}), the same optimizer on the ND4J-operations kernel ({@code nd4j}),
 * and DL4J's Adam ({@code adam}) for the same-run ratio. ND4J's and OpenBLAS's thread pools are left as a
 * DL4J program gets them. On a GPU (ND4J-CUDA) run it with {@code -p rule=nd4j,adam}: the host kernel cannot
 * reach device memory. Run through {@link UpdaterBenchmarkLauncher}:
 * <pre>
 * mvn -B -pl l2l-dl4j-updater -am test -Dtest=UpdaterBenchmarkLauncher -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djmh.args="KernelBenchmark -rf json -rff kernel.json"
 * </pre>
 * {@code arch} picks one of the paper's three architectures, as in {@link UpdaterBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=6G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=10G"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class KernelBenchmark {
    @Param({"10000", "100000", "1000000"}) public int n;
    @Param({"host", "nd4j", "adam"}) public String rule;
    @Param({"lstm"}) public String arch;

    private INDArray gradient;
    private GradientUpdater<?> updater;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.getRandom().setSeed(7);
        gradient = Nd4j.randn(DataType.FLOAT, 1, n).muli(0.01);
        if (rule.equals("adam")) {
            var adam = new Adam(1e-3);
            updater = adam.instantiate(Nd4j.zeros(DataType.FLOAT, 1, adam.stateSize(n)), true);
            return;
        }
        var chosen = UpdaterBenchmark.architecture(arch);
        var weights = Nd4j.randn(DataType.DOUBLE, chosen.parameterCount()).muli(0.3).toDoubleVector();
        var optimizer = new TrainedOptimizer(chosen, weights, new Provenance("benchmark", Map.of(),
                MetaTrainingConfig.quadraticDefaults(), 0, 0, 0.0, "benchmark", "2024-01-01T00:00:00Z", 0.0));
        var learned = new LearnedUpdater(optimizer).withKernel(StepKernel.of(rule));
        updater = learned.instantiate(Nd4j.zeros(DataType.FLOAT, 1, learned.stateSize(n)), true);
    }

    /** Each call feeds the previous update back as the gradient: no copy in the timed region, and no step's cost depends on the values. */
    @Benchmark
    public INDArray update() {
        updater.applyUpdater(gradient, 0, 0);
        return gradient;
    }
}
