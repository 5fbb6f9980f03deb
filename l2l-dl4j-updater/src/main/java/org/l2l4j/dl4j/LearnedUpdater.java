package org.l2l4j.dl4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.core.optimizer.StepKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect.Visibility;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A meta-trained optimizer (Andrychowicz et al. 2016) as a DL4J updater:
 * {@code .updater(new LearnedUpdater(zoo("mnist")))}, globally, per layer ({@code layer.updater(...)}) or
 * for biases ({@code .biasUpdater(...)}), in a MultiLayerNetwork or a ComputationGraph, in FLOAT or DOUBLE
 * networks (the optimizer's weights are cast to the network's type).
 *
 * <h2>What it computes</h2>
 * Each parameter is a coordinate of the optimizer's LSTM, with its own hidden state. Per step the
 * optimizer reads the gradient DL4J hands the updater (after minibatch division, gradient normalization
 * and L1/L2) and proposes a step g_t; the update written back is {@code -learningRate * g_t}, because
 * DL4J subtracts updates and the optimizer adds steps. Parameters whose {@code LearnedUpdater}s are
 * {@link #equals equal} form one DL4J updater block and one deployment of the optimizer.
 *
 * <h2>Learning rate</h2>
 * A learned optimizer chooses its own step sizes, so the learning rate here is a <em>multiplier on the
 * learned step</em>, 1.0 by default (the optimizer exactly as meta-trained). It is a real learning rate to
 * DL4J ({@link #hasLearningRate} is true): {@code net.setLearningRate(0.5)} halves every step, an
 * {@link ISchedule} (see {@link #withLearningRateSchedule}) anneals the steps, and {@code .weightDecay(c)}
 * subtracts {@code c * multiplier * theta} per step, the decoupled weight decay one expects at multiplier
 * 1. The multiplier scales only the step taken, never the optimizer's input or state, so it does not
 * change what the LSTM sees.
 *
 * <h2>State</h2>
 * K = {@link TrainedOptimizer#statePlanes()} values per parameter (h and c of every LSTM layer: 80 for the
 * paper's 2 x 20 LSTM), stored as K planes of n values in DL4J's updater-state array and used in place, so
 * {@code ModelSerializer} saves and restores it with the network. The state starts at zero.
 *
 * <h2>Threads</h2>
 * A step runs on every core: the block's parameters in chunks on a pool of daemon threads, one per available
 * processor ({@code -Dl2l4j.workers=N} caps it), with the same bits for any number of threads. While a step runs,
 * OpenBLAS is set to one thread, so that each worker runs its own GEMMs instead of queueing for OpenBLAS's
 * pool, and then set back to the value it had; this is OpenBLAS's one process-wide setting, so a GEMM another
 * thread of the program runs during a learned step runs single-threaded. ND4J's own thread settings are not
 * touched, and nothing needs to be configured.
 *
 * <h2>Kernel: CPU or GPU</h2>
 * Two kernels compute the same step on the same state ({@link StepKernel}): the host kernel (OpenBLAS and
 * vectorized loops on host memory, the fastest on a CPU) and the ND4J kernel (ND4J operations only, which run on
 * any backend, a GPU under ND4J-CUDA included). By default each updater block takes the host kernel when its
 * state array is plain host memory (ND4J's CPU backend) and the ND4J kernel otherwise, so a network on the GPU
 * needs no setting. {@link #withKernel} forces one for this updater (kept in the JSON); the system property
 * {@code -Dl2l4j.kernel=host|nd4j|auto} forces one for every updater left at {@link StepKernel#AUTO}. A state
 * saved with one kernel restores and continues with the other (docs/gpu.md).
 *
 * <h2>Non-finite gradients</h2>
 * A NaN or infinite value anywhere in the network's gradient (this block's or another's) throws a
 * {@link NonFiniteGradientException} naming the block and the first bad index, before the optimizer state is
 * touched: one bad step would otherwise poison that coordinate's LSTM state for the rest of training, which is
 * worse than stopping. The parameters do not move, and the updater blocks that DL4J ran before this one (Adam on
 * the first layer, say) get their state from before the step back, so the network is as it was and training can
 * go on with the next minibatch; the one exception, the first step after a restore, is said in the message
 * ({@link NonFiniteGradientException#networkUnchanged()}).
 *
 * <h2>Divergence</h2>
 * A block logs a warning when its gradient or its step grows to more than 1000 times its first steps' (root mean
 * square), so a diverging network shows before it is a NaN. {@link DivergenceListener} watches the score, and can stop
 * training before the step that would make things worse.
 *
 * <h2>JSON</h2>
 * {@code {"@class": "org.l2l4j.dl4j.LearnedUpdater", "learningRate": 1.0,
 * "optimizer": {"zoo": "mnist", "sha256": "..."}}}: an optimizer that an {@link OptimizerResolver} (l2l-zoo)
 * publishes is referenced by id and SHA-256, and resolved again on restore (a different SHA-256 is an
 * error); any other optimizer is embedded as {@code {"embedded": "<base64 file>", "sha256": "..."}}, so the
 * saved model stays self-contained. DL4J copies the updater into every layer (and bias updater), so an
 * embedded optimizer is repeated there: about 56 KB of JSON each for the paper's 2 x 20 LSTM, against about
 * 200 bytes for a zoo reference. Parsed optimizers are cached per JVM by SHA-256, so neither the clones nor
 * a configuration read back from JSON parse an optimizer twice. A forced kernel is written as
 * {@code "kernel": "nd4j"} (or {@code "host"}); the default, auto, is not written.
 */
@JsonAutoDetect(fieldVisibility = Visibility.NONE, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class LearnedUpdater implements IUpdater {
    private static final long serialVersionUID = 1L;

    /** The learned step as meta-trained. */
    public static final double DEFAULT_LEARNING_RATE = 1.0;

    @JsonProperty("optimizer") private final OptimizerSource source;
    @JsonProperty("learningRate") private double learningRate;
    @JsonProperty("learningRateSchedule") private ISchedule learningRateSchedule;
    /** The forced kernel, or null for {@link StepKernel#AUTO} (left out of the JSON). */
    @JsonProperty("kernel") private final StepKernel kernel;

    /**
     * The given optimizer, e.g. {@code OptimizerZoo.zoo("mnist")}: referenced by id if an
     * {@link OptimizerResolver} on the classpath publishes it, embedded otherwise.
     */
    public LearnedUpdater(TrainedOptimizer optimizer) {
        this(OptimizerSource.of(Objects.requireNonNull(optimizer, "optimizer")), DEFAULT_LEARNING_RATE, null, null);
    }

    /**
     * The optimizer in a trained-optimizer file (what {@code l2l meta-train} writes).
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws org.l2l4j.core.InvalidOptimizerFileException if it is not a valid trained-optimizer file
     */
    public LearnedUpdater(Path optimizerFile) {
        this(read(optimizerFile));
    }

    /** The zoo optimizer {@code id}, referenced (never embedded); fails now if no resolver publishes it. */
    public static LearnedUpdater fromZoo(String id) {
        return new LearnedUpdater(OptimizerSource.zoo(Objects.requireNonNull(id, "id")), DEFAULT_LEARNING_RATE, null, null);
    }

    @JsonCreator
    static LearnedUpdater fromJson(@JsonProperty("optimizer") OptimizerSource source,
                                   @JsonProperty("learningRate") Double learningRate,
                                   @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                                   @JsonProperty("kernel") StepKernel kernel) {
        return new LearnedUpdater(source, learningRate == null ? DEFAULT_LEARNING_RATE : learningRate, learningRateSchedule,
                kernel);
    }

    private LearnedUpdater(OptimizerSource source, double learningRate, ISchedule learningRateSchedule, StepKernel kernel) {
        this.source = Objects.requireNonNull(source, "a LearnedUpdater needs an optimizer");
        this.kernel = kernel == StepKernel.AUTO ? null : kernel;
        setLrAndSchedule(learningRate, learningRateSchedule);
    }

    private static TrainedOptimizer read(Path file) {
        try {
            return TrainedOptimizerFile.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trained-optimizer file " + file, e);
        }
    }

    /** A copy with a fixed step multiplier (and no schedule). */
    public LearnedUpdater withLearningRate(double multiplier) {
        return new LearnedUpdater(source, multiplier, null, kernel);
    }

    /** A copy whose step multiplier follows {@code schedule} (iteration and epoch as DL4J counts them). */
    public LearnedUpdater withLearningRateSchedule(ISchedule schedule) {
        return new LearnedUpdater(source, Double.NaN, Objects.requireNonNull(schedule, "schedule"), kernel);
    }

    /**
     * A copy computed by the given kernel: {@link StepKernel#HOST} (fails on arrays outside host memory),
     * {@link StepKernel#ND4J} (any backend), or {@link StepKernel#AUTO} (the default: by where the state lives,
     * unless the system property {@value StepKernel#PROPERTY} says otherwise).
     */
    public LearnedUpdater withKernel(StepKernel kernel) {
        return new LearnedUpdater(source, learningRate, learningRateSchedule, Objects.requireNonNull(kernel, "kernel"));
    }

    /** The kernel asked for: {@link StepKernel#AUTO} unless {@link #withKernel} forced one. */
    public StepKernel kernel() { return kernel == null ? StepKernel.AUTO : kernel; }

    /** The meta-trained optimizer (resolved or parsed on first use, then cached). */
    public TrainedOptimizer optimizer() { return source.optimizer(); }

    /** The zoo id this updater references, or empty if its optimizer is embedded. */
    public Optional<String> zooId() { return source.zooId(); }

    /** SHA-256 of the optimizer's canonical file: the optimizer's identity. */
    public String optimizerSha256() { return source.sha256(); }

    /** The fixed step multiplier; NaN when a schedule is set. */
    public double getLearningRate() { return learningRate; }

    public ISchedule getLearningRateSchedule() { return learningRateSchedule; }

    /** K values per parameter; an int-indexed DL4J updater array must hold them all. */
    @Override public long stateSize(long numParams) {
        long planes = optimizer().statePlanes();
        if (numParams > Integer.MAX_VALUE / planes)
            throw new IllegalArgumentException("a learned optimizer keeps " + planes + " state values per parameter; "
                    + numParams + " parameters in one updater block would need more than 2^31 - 1, which DL4J's updater "
                    + "state cannot index. Split the network into several blocks (per-layer updaters).");
        return planes * numParams;
    }

    @Override public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        var updater = new LearnedGradientUpdater(this, optimizer(), source.toString());
        updater.setStateViewArray(viewArray, null, viewArray.ordering(), initializeViewArray);
        return updater;
    }

    @Override public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        var updater = new LearnedGradientUpdater(this, optimizer(), source.toString());
        updater.setState(updaterState, initializeStateArrays);
        return updater;
    }

    @Override public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override public boolean hasLearningRate() { return true; }

    /**
     * Sets the step multiplier, as DL4J does for {@code net.setLearningRate(...)}: a schedule, when given,
     * takes precedence (DL4J passes NaN as the rate then).
     */
    @Override public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        if (lrSchedule == null && !(Double.isFinite(lr) && lr >= 0))
            throw new IllegalArgumentException("a LearnedUpdater's learning rate multiplies the learned step and must be "
                    + "finite and >= 0, got " + lr);
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override public LearnedUpdater clone() {
        return new LearnedUpdater(source, learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(),
                kernel);
    }

    /** Same optimizer (by SHA-256, wherever it comes from), same learning rate or schedule, same kernel setting. */
    @Override public boolean equals(Object o) {
        return o instanceof LearnedUpdater u && u.source.sha256().equals(source.sha256())
                && Double.compare(u.learningRate, learningRate) == 0
                && Objects.equals(u.learningRateSchedule, learningRateSchedule) && u.kernel == kernel;
    }

    @Override public int hashCode() {
        return Objects.hash(source.sha256(), learningRate, learningRateSchedule, kernel);
    }

    @Override public String toString() {
        return "LearnedUpdater(" + source + ", learningRate="
                + (learningRateSchedule != null ? learningRateSchedule : learningRate)
                + (kernel == null ? "" : ", kernel=" + kernel.id()) + ")";
    }
}
