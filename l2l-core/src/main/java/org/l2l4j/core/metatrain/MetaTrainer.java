package org.l2l4j.core.metatrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.l2l4j.core.ChecksummedFile;
import org.l2l4j.core.GroupedOptimizer;
import org.l2l4j.core.InvalidOptimizerFileException;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.host.Workers;
import org.l2l4j.core.optimizer.InitialWeights;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.LstmParameters;
import org.l2l4j.core.optimizer.LstmStep;
import org.l2l4j.core.problem.LossCurve;
import org.l2l4j.core.problem.ParameterGroups;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.StepRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meta-trains an optimizer on a problem family by truncated BPTT (paper section 2, DESIGN section 2):
 * each epoch draws a batch of fresh problems, optimizes them for the horizon in truncations, and makes
 * one Adam step on phi per truncation. Every {@code validateEvery} epochs the optimizer is frozen and
 * run on a fixed validation set; the best validated weights are the result (early stopping). A
 * checkpoint written at each validation lets an interrupted run resume where it stopped.
 */
public final class MetaTrainer {
    private static final Logger log = LoggerFactory.getLogger(MetaTrainer.class);

    private final ProblemFamily family;
    private final MetaTrainingConfig config;
    private final TrainingListener listener;
    private final Validation validation;
    private final ShardRunner runner;

    /** Runs the shards in this process, in the default {@link ShardPlan#of(MetaTrainingConfig) plan}. */
    public MetaTrainer(ProblemFamily family, MetaTrainingConfig config, TrainingListener listener) {
        this(family, config, listener, null, null);
    }

    /** @param validation how to score the frozen optimizer, or null for the mean final loss on the family's validation instances */
    public MetaTrainer(ProblemFamily family, MetaTrainingConfig config, TrainingListener listener, Validation validation) {
        this(family, config, listener, validation, null);
    }

    /** {@link #MetaTrainer(ProblemFamily, MetaTrainingConfig, TrainingListener, Validation, ShardRunner)} with the default validation. */
    public MetaTrainer(ProblemFamily family, MetaTrainingConfig config, TrainingListener listener, ShardRunner runner) {
        this(family, config, listener, null, runner);
    }

    /**
     * Runs the shards on {@code runner} (this process's pool when null), which the caller closes. The result
     * depends on the runner's plan, not on where its shards run.
     *
     * @param validation as above; it runs here, wherever the shards run
     */
    public MetaTrainer(ProblemFamily family, MetaTrainingConfig config, TrainingListener listener, Validation validation,
                       ShardRunner runner) {
        if (runner != null) runner.plan().requireCuts(config);
        this.family = family;
        this.config = config;
        this.listener = listener;
        this.validation = validation;
        this.runner = runner;
    }

    /** Trains from scratch. */
    public TrainedOptimizer train() {
        try {
            return train(null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Trains, resuming from {@code checkpoint} if it exists and was written for the same configuration
     * (the number of epochs may differ), and writing it at every validation.
     *
     * @throws IllegalArgumentException when the family splits its parameters into several groups: use
     *                                  {@link #trainGroups(Path)}
     */
    public TrainedOptimizer train(Path checkpoint) throws IOException {
        Result r = run(checkpoint, true);
        return new TrainedOptimizer(config.architecture(), r.bestPhi, r.provenance);
    }

    /**
     * As {@link #train(Path)}, with one optimizer per parameter group of the family (paper section 3.3), every
     * group's of the configured architecture and its own weights, all meta-trained together: one meta-loss, one
     * Adam step on the weights of all groups per truncation, one validation of them together. A family that does
     * not split its parameters gives one group, {@value ParameterGroups#ALL}, trained exactly as {@link #train(Path)}.
     */
    public GroupedOptimizer trainGroups(Path checkpoint) throws IOException {
        Result r = run(checkpoint, false);
        int parameters = config.architecture().parameterCount();
        List<double[]> weights = new ArrayList<>();
        for (int g = 0; g < r.groups.size(); g++)
            weights.add(Arrays.copyOfRange(r.bestPhi, g * parameters, (g + 1) * parameters));
        return new GroupedOptimizer(config.architecture(), r.groups, weights, r.provenance);
    }

    private record Result(List<String> groups, double[] bestPhi, Provenance provenance) {}

    private Result run(Path checkpoint, boolean singleGroup) throws IOException {
        var arch = config.architecture();
        DataType type = config.dataType();
        if (checkpoint != null) ChecksummedFile.removeStaleParts(checkpoint);
        Checkpoint c = resumable(checkpoint);
        if (c != null && c.epochsDone() > config.epochs())
            throw new IllegalArgumentException("checkpoint " + checkpoint + " holds " + c.epochsDone() + " epochs of this "
                    + "run, more than the " + config.epochs() + " it is to train; it was left as it is. To continue it, "
                    + "train for " + c.epochsDone() + " epochs or more (" + c.epochsDone() + " writes the result it holds); "
                    + "to start over, delete it or choose another checkpoint file.");

        ShardRunner shardRunner = runner != null ? runner : ShardRunner.local(family, config, ShardPlan.of(config));
        int shards = shardRunner.plan().shards();
        int perShard = shardRunner.plan().perShard();
        List<ProblemBatch> validationBatches = new ArrayList<>();
        if (validation == null)
            for (int first = 0; first < config.validationInstances(); first += perShard)
                validationBatches.add(family.sample(config.seed(), Seeds.Purpose.VALIDATION, first,
                        Math.min(perShard, config.validationInstances() - first), type));
        // every batch of a family splits its coordinates alike: one instance tells how
        ParameterGroups layout = (validation == null ? validationBatches.get(0)
                : family.sample(config.seed(), Seeds.Purpose.VALIDATION, 0, 1, type)).groups();
        if (singleGroup && !layout.isSingle())
            throw new IllegalArgumentException("family " + family.name() + " splits its parameters into groups " + layout.names()
                    + ", one optimizer each: train them with trainGroups");
        int groups = layout.count();
        int parameters = groups * arch.parameterCount();
        if (c != null && c.phi().length != parameters)
            throw new IllegalArgumentException("checkpoint " + checkpoint + " was written for another run: it holds "
                    + c.phi().length + " optimizer weights, this run trains " + parameters + " (" + groups
                    + " parameter group(s) " + layout.names() + " of " + arch.parameterCount() + "). Delete it or choose "
                    + "another checkpoint file.");
        INDArray phi = initialWeights(config, groups).castTo(type).reshape(1, parameters);
        INDArray dphi = Nd4j.zeros(type, 1, parameters);
        LstmParameters[] p = ShardRun.groupViews(arch, phi, groups);
        var adam = config.schedule() == MetaTrainingConfig.Schedule.COSINE
                ? new Adam(new CosineDecay(config.metaLearningRate(), config.epochs(), 0.1))
                : new Adam(config.metaLearningRate());
        INDArray adamState = Nd4j.zeros(type, 1, adam.stateSize(parameters));
        GradientUpdater<?> metaOptimizer = adam.instantiate(adamState, true);

        double[] bestPhi = phi.toDoubleVector();
        double bestValidation = Double.POSITIVE_INFINITY;
        int bestEpoch = 0, startEpoch = 0, metaUpdates = 0;
        double secondsBefore = 0;
        if (c != null) {
            phi.assign(Nd4j.create(c.phi(), new long[]{1, parameters}, DataType.DOUBLE));
            adamState.assign(Nd4j.create(c.adamState(), adamState.shape(), DataType.DOUBLE));
            bestPhi = c.bestPhi();
            bestValidation = c.bestValidationLoss();
            bestEpoch = c.bestEpoch();
            startEpoch = c.epochsDone();
            metaUpdates = c.metaUpdates();
            secondsBefore = c.seconds();
            log.info("resuming from {} after epoch {} (best validation loss {} at epoch {})", checkpoint, startEpoch,
                    bestValidation, bestEpoch);
        }

        long started = System.nanoTime();
        long optimizeeSteps = 0, validationNanos = 0, network = 0, problem = 0;
        int epoch = startEpoch;
        Workers pool = Workers.shared();
        for (epoch = startEpoch + 1; epoch <= config.epochs(); epoch++) {
            int horizon = config.horizon(epoch);
            double metaLoss = 0, finalLoss = 0;
            int done = 0;
            for (int k = 0; done < horizon; k++) {
                List<ShardResult> results = shardRunner.run(epoch, k, phi);
                dphi.assign(0);
                double loss = 0;
                finalLoss = 0;
                for (ShardResult r : results) {   // fixed order: deterministic
                    dphi.addi(r.gradient());
                    loss += r.metaLoss();
                    finalLoss += r.meanLoss() / shards;
                    network += r.networkNanos();
                    problem += r.problemNanos();
                }
                metaLoss += loss / shards;
                dphi.divi(shards);
                done += ShardRun.steps(config, epoch, k);
                double norm = dphi.norm2Number().doubleValue();
                if (!Double.isFinite(norm)) {
                    // A diverged problem poisons only this batch: skip its remaining truncations.
                    log.warn("epoch {}: non-finite meta-gradient after {} steps, batch skipped", epoch, done);
                    break;
                }
                if (config.clipNorm() > 0 && norm > config.clipNorm()) dphi.muli(config.clipNorm() / norm);
                metaOptimizer.applyUpdater(dphi, metaUpdates++, epoch);
                phi.subi(dphi);
            }
            optimizeeSteps += done;
            double validationLoss = Double.NaN;
            if (epoch % config.validateEvery() == 0 || epoch == config.epochs()) {
                long v0 = System.nanoTime();
                validationLoss = validation != null ? validation.score(batch -> frozenRule(arch, p, batch), pool)
                        : validate(pool, arch, p, validationBatches, config.horizon());
                validationNanos += System.nanoTime() - v0;
                if (validationLoss < bestValidation) {
                    bestValidation = validationLoss;
                    bestEpoch = epoch;
                    bestPhi = phi.toDoubleVector();
                }
                if (checkpoint != null)
                    new Checkpoint(config, family.name(), family.settings(), epoch, metaUpdates, bestEpoch, bestValidation,
                            secondsBefore + seconds(started), phi.toDoubleVector(), adamState.toDoubleVector(), bestPhi)
                            .write(checkpoint);
            }
            double elapsed = seconds(started);
            listener.onEpoch(new TrainingListener.EpochReport(epoch, config.epochs(), metaLoss / done, finalLoss,
                    validationLoss, bestValidation, bestEpoch, secondsBefore + elapsed,
                    optimizeeSteps / Math.max(1e-9, elapsed - validationNanos / 1e9),
                    network / (double) Math.max(1, network + problem)));
        }
        if (runner == null) shardRunner.close();
        if (bestEpoch == 0)
            log.warn("no validation improved on the untrained optimizer (best validation loss {}): the result is untrained",
                    bestValidation);
        var provenance = new Provenance(family.name(), family.settings(), config, Math.min(epoch - 1, config.epochs()),
                bestEpoch, bestValidation, Provenance.currentVersion(), Instant.now().toString(),
                secondsBefore + seconds(started), validation == null ? null : validation.describe());
        return new Result(layout.names(), bestPhi, provenance);
    }

    /** Mean final loss of the frozen optimizer on the given problems (shards run in parallel). */
    private static double validate(Workers pool, LstmArchitecture arch, LstmParameters[] p,
                                   List<ProblemBatch> shards, int horizon) {
        double[][] results = new double[shards.size()][];
        pool.run(shards.size(), (s, lane) -> {
            ProblemBatch problems = shards.get(s);
            LossCurve curve = Rollout.run(problems, frozenRule(arch, p, problems), horizon);
            results[s] = new double[]{curve.finalMean() * problems.instances(), problems.instances()};
        });
        double sum = 0, count = 0;
        for (double[] v : results) {
            sum += v[0];
            count += v[1];
        }
        double loss = sum / count;
        return Double.isNaN(loss) ? Double.POSITIVE_INFINITY : loss;
    }

    /** Each group's optimizer with its current weights, frozen, on that group's coordinates. */
    private static StepRule frozenRule(LstmArchitecture arch, LstmParameters[] p, ProblemBatch problems) {
        ParameterGroups layout = problems.groups();
        if (layout.count() != p.length)
            throw new IllegalArgumentException("validation problems of parameter groups " + layout.names() + " for "
                    + p.length + " optimizer(s)");
        List<StepRule> rules = new ArrayList<>();
        for (int g = 0; g < p.length; g++) {
            long size = layout.group(g).size();
            INDArray planes = Nd4j.zeros(p[g].dataType(), problems.instances() * size, arch.statePlanes()).dup('f');
            var step = new LstmStep(arch, p[g], planes, size);
            rules.add((gradient, it, out) -> step.apply(gradient, out));
        }
        return layout.rule(problems.instances(), rules, p[0].dataType());
    }

    /**
     * How many epochs {@code checkpoint} holds for this run: 0 when there is no such file. Reads only the
     * checkpoint, so a command can check it before any work.
     *
     * @throws IllegalArgumentException when it was written for another run; the message names each setting that
     *                                  differs (the number of epochs may differ)
     */
    public int epochsInCheckpoint(Path checkpoint) throws IOException {
        Checkpoint c = resumable(checkpoint);
        return c == null ? 0 : c.epochsDone();
    }

    private Checkpoint resumable(Path checkpoint) throws IOException {
        if (checkpoint == null || !Files.exists(checkpoint)) return null;
        Checkpoint c;
        try {
            c = Checkpoint.read(checkpoint);
        } catch (InvalidOptimizerFileException e) {
            throw new InvalidOptimizerFileException(e.getMessage() + ". It cannot be resumed; delete it, or choose another "
                    + "checkpoint file, to start over.");
        }
        List<String> differences = new ArrayList<>(Differences.of("problem", c.problemFamily(), family.name()));
        differences.addAll(Differences.of("problem settings", c.problemSettings(), family.settings()));
        differences.addAll(Differences.of("", c.config().withEpochs(config.epochs()), config));
        if (!differences.isEmpty())
            throw new IllegalArgumentException("checkpoint " + checkpoint + " was written for another run: "
                    + String.join("; ", differences) + ". Delete it or choose another checkpoint file.");
        return c;
    }

    /** Initial phi for a run: {@link InitialWeights} drawn from the run's seed. */
    public static INDArray initialWeights(MetaTrainingConfig config) {
        return InitialWeights.draw(config.architecture(), Seeds.mix(config.seed() ^ 0x5DEECE66DL), config.forgetBias(),
                config.outputInitStd());
    }

    /**
     * Initial phi of {@code groups} optimizers, group after group: every group starts from the same weights, those
     * of {@link #initialWeights(MetaTrainingConfig)}, so a pair of optimizers starts where one shared optimizer does.
     */
    static INDArray initialWeights(MetaTrainingConfig config, int groups) {
        INDArray one = initialWeights(config).reshape(1, config.architecture().parameterCount());
        if (groups == 1) return one;
        INDArray all = Nd4j.create(one.dataType(), 1, (long) groups * one.length());
        for (int g = 0; g < groups; g++)
            all.get(NDArrayIndex.point(0), NDArrayIndex.interval(g * one.length(), (g + 1) * one.length())).assign(one);
        return all;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
