package org.l2l4j.core.metatrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.l2l4j.core.GroupedOptimizer;
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

    public MetaTrainer(ProblemFamily family, MetaTrainingConfig config, TrainingListener listener) {
        this.family = family;
        this.config = config;
        this.listener = listener;
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
            weights.add(java.util.Arrays.copyOfRange(r.bestPhi, g * parameters, (g + 1) * parameters));
        return new GroupedOptimizer(config.architecture(), r.groups, weights, r.provenance);
    }

    private record Result(List<String> groups, double[] bestPhi, Provenance provenance) {}

    private Result run(Path checkpoint, boolean singleGroup) throws IOException {
        var arch = config.architecture();
        DataType type = config.dataType();
        int shards = shards(config.batchSize());
        int perShard = config.batchSize() / shards;
        List<ProblemBatch> validation = new ArrayList<>();
        for (int first = 0; first < config.validationInstances(); first += perShard)
            validation.add(family.sample(config.seed(), Seeds.Purpose.VALIDATION, first,
                    Math.min(perShard, config.validationInstances() - first), type));
        ParameterGroups layout = validation.get(0).groups();
        if (singleGroup && !layout.isSingle())
            throw new IllegalArgumentException("family " + family.name() + " splits its parameters into groups " + layout.names()
                    + ", one optimizer each: train them with trainGroups");
        int groups = layout.count();
        int perGroup = arch.parameterCount(), parameters = groups * perGroup;
        INDArray phi = initialWeights(config, groups).castTo(type).reshape(1, parameters);
        INDArray dphi = Nd4j.zeros(type, 1, parameters);
        LstmParameters[] p = views(arch, phi, groups);
        var adam = config.schedule() == MetaTrainingConfig.Schedule.COSINE
                ? new Adam(new CosineDecay(config.metaLearningRate(), config.epochs(), 0.1))
                : new Adam(config.metaLearningRate());
        INDArray adamState = Nd4j.zeros(type, 1, adam.stateSize(parameters));
        GradientUpdater<?> metaOptimizer = adam.instantiate(adamState, true);

        double[] bestPhi = phi.toDoubleVector();
        double bestValidation = Double.POSITIVE_INFINITY;
        int bestEpoch = 0, startEpoch = 0, metaUpdates = 0;
        double secondsBefore = 0;
        if (checkpoint != null && Files.exists(checkpoint)) {
            Checkpoint c = Checkpoint.read(checkpoint);
            if (!c.config().withEpochs(config.epochs()).equals(config) || !c.problemFamily().equals(family.name())
                    || !String.valueOf(c.problemSettings()).equals(String.valueOf(family.settings()))
                    || c.phi().length != parameters)
                throw new IllegalArgumentException("checkpoint " + checkpoint + " was written for another run ("
                        + c.problemFamily() + ", " + c.config() + "); delete it or choose another checkpoint file");
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

        Truncation[] truncations = new Truncation[shards];
        INDArray[] shardGradients = new INDArray[shards];
        LstmParameters[][] shardGradientViews = new LstmParameters[shards][];
        for (int s = 0; s < shards; s++) {
            shardGradients[s] = Nd4j.zeros(type, 1, parameters);
            shardGradientViews[s] = views(arch, shardGradients[s], groups);
        }
        long started = System.nanoTime();
        long optimizeeSteps = 0, validationNanos = 0;
        int epoch = startEpoch;
        Workers pool = Workers.shared();
        for (epoch = startEpoch + 1; epoch <= config.epochs(); epoch++) {
            for (int s = 0; s < shards; s++) {
                ProblemBatch batch = family.sample(config.seed(), Seeds.Purpose.META_TRAINING,
                        (long) (epoch - 1) * config.batchSize() + (long) s * perShard, perShard, type);
                if (truncations[s] == null)
                    truncations[s] = new Truncation(arch, batch.instances(), layout, config.unroll(), config.horizon(),
                            config.objective(), type, pool);
                truncations[s].reset(batch);
            }
            double metaLoss = 0;
            int done = 0;
            while (done < config.horizon()) {
                int steps = Math.min(config.unroll(), config.horizon() - done);
                metaLoss += runShards(pool, truncations, p, shardGradientViews, shardGradients, steps);
                dphi.assign(0);
                for (INDArray g : shardGradients) dphi.addi(g);   // fixed order: deterministic
                dphi.divi(shards);
                done += steps;
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
            double finalLoss = 0;
            for (Truncation t : truncations) finalLoss += t.currentMeanLoss() / shards;
            double validationLoss = Double.NaN;
            if (epoch % config.validateEvery() == 0 || epoch == config.epochs()) {
                long v0 = System.nanoTime();
                validationLoss = validate(pool, arch, p, validation, config.horizon());
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
            long network = 0, problem = 0;
            for (Truncation t : truncations) {
                network += t.networkNanos;
                problem += t.problemNanos;
            }
            listener.onEpoch(new TrainingListener.EpochReport(epoch, config.epochs(), metaLoss / done, finalLoss,
                    validationLoss, bestValidation, bestEpoch, secondsBefore + elapsed,
                    optimizeeSteps / Math.max(1e-9, elapsed - validationNanos / 1e9),
                    network / (double) Math.max(1, network + problem)));
        }
        if (bestEpoch == 0)
            log.warn("no validation improved on the untrained optimizer (best validation loss {}): the result is untrained",
                    bestValidation);
        var provenance = new Provenance(family.name(), family.settings(), config, Math.min(epoch - 1, config.epochs()),
                bestEpoch, bestValidation, Provenance.currentVersion(), Instant.now().toString(),
                secondsBefore + seconds(started));
        return new Result(layout.names(), bestPhi, provenance);
    }

    /** Each group's weights (or their gradient) as a view of its part of the flat vector, group after group. */
    private static LstmParameters[] views(LstmArchitecture arch, INDArray flat, int groups) {
        int perGroup = arch.parameterCount();
        LstmParameters[] views = new LstmParameters[groups];
        for (int g = 0; g < groups; g++)
            views[g] = new LstmParameters(arch, groups == 1 ? flat
                    : flat.get(NDArrayIndex.point(0), NDArrayIndex.interval((long) g * perGroup, (long) (g + 1) * perGroup)));
        return views;
    }

    /**
     * Problems per epoch are split into two shards run as two tasks of the worker pool when the batch size is
     * even, their gradients summed in a fixed order, so results do not depend on the core count. The chunks
     * of a shard's unroll run on the same pool, so a core whose shard is done helps the other one.
     * Measured with the quadratic defaults on an otherwise idle 2-core machine: 363 optimizee steps/s at
     * 175% CPU (one shard: about 190-260), before the chunks ran on the pool.
     */
    static int shards(int batchSize) {
        return batchSize % 2 == 0 ? 2 : 1;
    }

    /** One truncation of every shard in parallel; returns the mean meta-loss over shards. */
    private static double runShards(Workers pool, Truncation[] truncations, LstmParameters[] p,
                                    LstmParameters[][] grads, INDArray[] gradArrays, int steps) {
        double[] losses = new double[truncations.length];
        pool.run(truncations.length, (shard, lane) -> {
            gradArrays[shard].assign(0);
            losses[shard] = truncations[shard].run(p, grads[shard], steps);
        });
        double sum = 0;
        for (double l : losses) sum += l;
        return sum / truncations.length;
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
        List<StepRule> rules = new ArrayList<>();
        for (int g = 0; g < p.length; g++) {
            long size = layout.group(g).size();
            INDArray planes = Nd4j.zeros(p[g].dataType(), problems.instances() * size, arch.statePlanes()).dup('f');
            var step = new LstmStep(arch, p[g], planes, size);
            rules.add((gradient, it, out) -> step.apply(gradient, out));
        }
        return layout.rule(problems.instances(), rules, p[0].dataType());
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
