package org.l2l4j.dl4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.core.host.BlasThreads;
import org.l2l4j.core.host.NativeThreads;
import org.l2l4j.core.host.Workers;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
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
 * One FLOAT update of n parameters: the learned optimizer (through LearnedUpdater's GradientUpdater, NaN
 * check and sign flip included), DL4J's Adam, and a plain OpenBLAS sgemm with the same FLOPs per parameter
 * as the paper's 2 x 20 LSTM's GEMMs (n x 62 times 62 x 80, 9920 FLOPs per row against the LSTM's 9960),
 * whose rate bounds the learned update's. GFLOP/s = {@link #learnedFlopsPerParameter} * n / time for the
 * learned update and 2 * 62 * 80 * n / time for sgemm.
 *
 * <p>{@code arch}: {@code lstm}, {@code lstm-gac} or {@code ntm-lbfgs} (the paper's sizes, log-sign inputs,
 * random weights), or the path of a trained-optimizer file (its architecture and weights).
 * {@code threads=default} leaves everything as a DL4J program starts: ND4J's and OpenBLAS's pools at their
 * defaults and LearnedUpdater's workers at one per core, so sgemm runs on every core too;
 * {@code threads=single} runs {@link NativeThreads#singleThreaded()} and one worker ({@value Workers#LANES_PROPERTY}=1).
 *
 * <p>Each invocation feeds the previous update back as the next gradient (no copy inside the timed
 * region); the cost of neither update depends on the values.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=6G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=10G"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class UpdaterBenchmark {
    static final LstmArchitecture PAPER = LstmArchitecture.paper(new Preprocessing.LogSign(10), 0.1);
    static final int SGEMM_K = 62, GATES = 80;
    /** 2 * sum over layers of (inputs + hidden) * 4 hidden, plus the 20 -> 1 output. */
    public static final long LEARNED_FLOPS_PER_PARAMETER = learnedFlopsPerParameter(PAPER);

    @Param({"10000", "100000", "1000000"}) public int n;
    /** lstm (the GFLOP/s target), lstm-gac, ntm-lbfgs, or a trained-optimizer file. */
    @Param({"lstm"}) public String arch;
    @Param({"default", "single"}) public String threads;

    private INDArray learnedGradient, adamGradient, a, b, c;
    private GradientUpdater<?> learned, adam;
    private FloatPointer pa, pb, pc;

    static long learnedFlopsPerParameter(LstmArchitecture arch) {
        long flops = 0, h = arch.hidden();
        var memory = arch.memory();
        for (int l = 0; l < arch.layers(); l++) {
            long in = l == 0 ? arch.preprocessing().inputSize() + (memory == null ? 0 : 1) : h;
            flops += 2 * (in + h) * 4 * h;
        }
        if (memory == null) return flops + 2 * h;
        long outputs = 2 + 2L * memory.writeHeads(), pairs = (long) memory.window() * memory.writeHeads();
        return flops + 2 * h * outputs + 4 * pairs;   // the heads, then a dot product and an axpy per pair
    }

    static LstmArchitecture architecture(String kind) {
        var pre = new Preprocessing.LogSign(10);
        return switch (kind) {
            case "lstm" -> PAPER;
            case "lstm-gac" -> LstmArchitecture.paperGac(pre, 0.1);
            case "ntm-lbfgs" -> LstmArchitecture.paperNtm(pre, 0.1, 5);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** The named architecture with random weights, or the optimizer in a file. */
    static TrainedOptimizer optimizer(String arch) throws IOException {
        if (!List.of("lstm", "lstm-gac", "ntm-lbfgs").contains(arch)) return TrainedOptimizerFile.read(Path.of(arch));
        Nd4j.getRandom().setSeed(7);
        var chosen = architecture(arch);
        var weights = Nd4j.randn(DataType.DOUBLE, chosen.parameterCount()).muli(0.3).toDoubleVector();
        return new TrainedOptimizer(chosen, weights, new Provenance("benchmark", java.util.Map.of(),
                MetaTrainingConfig.quadraticDefaults(), 0, 0, 0.0, "benchmark", "2024-01-01T00:00:00Z", 0.0));
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (threads.equals("single")) {
            System.setProperty(Workers.LANES_PROPERTY, "1");   // before anything starts the shared pool
            NativeThreads.singleThreaded();
        } else if (!threads.equals("default")) {
            throw new IllegalArgumentException("threads is default or single, got " + threads);
        }
        var optimizer = optimizer(arch);
        System.out.printf("%n%s: %s, %d FLOPs per parameter; %d workers, OpenBLAS %d threads%n", arch, optimizer.architecture(),
                learnedFlopsPerParameter(optimizer.architecture()), Workers.shared().lanes(), BlasThreads.current());
        Nd4j.getRandom().setSeed(7);
        var updater = new LearnedUpdater(optimizer);
        learned = updater.instantiate(Nd4j.zeros(DataType.FLOAT, 1, updater.stateSize(n)), true);
        learnedGradient = Nd4j.randn(DataType.FLOAT, 1, n).muli(0.01);
        var adamConfig = new Adam(1e-3);
        adam = adamConfig.instantiate(Nd4j.zeros(DataType.FLOAT, 1, adamConfig.stateSize(n)), true);
        adamGradient = learnedGradient.dup();
        a = Nd4j.rand(DataType.FLOAT, n, SGEMM_K).dup('f');
        b = Nd4j.rand(DataType.FLOAT, SGEMM_K, GATES).dup('f');
        c = Nd4j.createUninitialized(DataType.FLOAT, new long[]{n, GATES}, 'f').assign(0);
        pa = new FloatPointer(a.data().addressPointer());
        pb = new FloatPointer(b.data().addressPointer());
        pc = new FloatPointer(c.data().addressPointer());
    }

    @Benchmark
    public INDArray learnedUpdate() {
        learned.applyUpdater(learnedGradient, 0, 0);
        return learnedGradient;
    }

    @Benchmark
    public INDArray adamUpdate() {
        adam.applyUpdater(adamGradient, 0, 0);
        return adamGradient;
    }

    @Benchmark
    public INDArray sgemmSameFlops() {
        openblas.cblas_sgemm(openblas.CblasColMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, n, GATES, SGEMM_K,
                1f, pa, n, pb, SGEMM_K, 0f, pc, n);
        return c;
    }
}
