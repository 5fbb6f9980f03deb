package org.l2l4j.core.metatrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.l2l4j.core.ChecksummedFile;
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
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.StepRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

    public MetaTrainer(ProblemFamily family, MetaTrainingConfig config, TrainingListener listener) {
        this(family, config, listener, null);
    }

    /** @param validation how to score the frozen optimizer, or null for the mean final loss on the family's validation instances */
    public MetaTrainer(ProblemFamily family, MetaTrainingConfig config, TrainingListener listener, Validation validation) {
        this.family = family;
        this.config = config;
        this.listener = listener;
        this.validation = validation;
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
     */
    public TrainedOptimizer train(Path checkpoint) throws IOException {
        var arch = config.architecture();
        DataType type = config.dataType();
        int parameters = arch.parameterCount();
        INDArray phi = initialWeights(config).castTo(type).reshape(1, parameters);
        INDArray dphi = Nd4j.zeros(type, 1, parameters);
        var p = new LstmParameters(arch, phi);
        var dp = new LstmParameters(arch, dphi);
        var adam = config.schedule() == MetaTrainingConfig.Schedule.COSINE
                ? new Adam(new CosineDecay(config.metaLearningRate(), config.epochs(), 0.1))
                : new Adam(config.metaLearningRate());
        INDArray adamState = Nd4j.zeros(type, 1, adam.stateSize(parameters));
        GradientUpdater<?> metaOptimizer = adam.instantiate(adamState, true);

        double[] bestPhi = phi.toDoubleVector();
        double bestValidation = Double.POSITIVE_INFINITY;
        int bestEpoch = 0, startEpoch = 0, metaUpdates = 0;
        double secondsBefore = 0;
        if (checkpoint != null) ChecksummedFile.removeStaleParts(checkpoint);
        Checkpoint c = resumable(checkpoint);
        if (c != null) {
            if (c.epochsDone() > config.epochs())
                throw new IllegalArgumentException("checkpoint " + checkpoint + " holds " + c.epochsDone() + " epochs of this "
                        + "run, more than the " + config.epochs() + " it is to train; it was left as it is. To continue it, "
                        + "train for " + c.epochsDone() + " epochs or more (" + c.epochsDone() + " writes the result it holds); "
                        + "to start over, delete it or choose another checkpoint file.");
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

        int shards = shards(config.batchSize());
        int perShard = config.batchSize() / shards;
        List<ProblemBatch> validationBatches = new ArrayList<>();
        if (validation == null)
            for (int first = 0; first < config.validationInstances(); first += perShard)
                validationBatches.add(family.sample(config.seed(), Seeds.Purpose.VALIDATION, first,
                        Math.min(perShard, config.validationInstances() - first), type));
        Truncation[] truncations = new Truncation[shards];
        INDArray[] shardGradients = new INDArray[shards];
        LstmParameters[] shardGradientViews = new LstmParameters[shards];
        for (int s = 0; s < shards; s++) {
            shardGradients[s] = Nd4j.zeros(type, 1, parameters);
            shardGradientViews[s] = new LstmParameters(arch, shardGradients[s]);
        }
        long started = System.nanoTime();
        long optimizeeSteps = 0, validationNanos = 0;
        int epoch = startEpoch;
        Workers pool = Workers.shared();
        for (epoch = startEpoch + 1; epoch <= config.epochs(); epoch++) {
            int horizon = config.horizon(epoch);
            ProblemBatch[] batches = new ProblemBatch[shards];
            boolean reshaped = false;
            for (int s = 0; s < shards; s++) {
                batches[s] = family.sample(config.seed(), Seeds.Purpose.META_TRAINING,
                        (long) (epoch - 1) * config.batchSize() + (long) s * perShard, perShard, type);
                if (truncations[s] != null && !truncations[s].fits(batches[s])) {
                    truncations[s] = null;
                    reshaped = true;
                }
            }
            // A mixture of families changes the batch's shape between epochs. The buffers of a truncation (its tape:
            // hundreds of MB) are native memory that ND4J frees when their arrays are collected: collect the old
            // ones before making the new, or they pile up between garbage collections.
            if (reshaped) System.gc();
            for (int s = 0; s < shards; s++) {
                if (truncations[s] == null)
                    truncations[s] = new Truncation(arch, batches[s].instances(), batches[s].dimension(), config.unroll(),
                            config.horizon(), config.objective(), type);
                truncations[s].reset(batches[s], horizon);
            }
            double metaLoss = 0;
            int done = 0;
            while (done < horizon) {
                int steps = Math.min(config.unroll(), horizon - done);
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
                secondsBefore + seconds(started), validation == null ? null : validation.describe());
        return new TrainedOptimizer(arch, bestPhi, provenance);
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
    private static double runShards(Workers pool, Truncation[] truncations, LstmParameters p,
                                    LstmParameters[] grads, INDArray[] gradArrays, int steps) {
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
    private static double validate(Workers pool, LstmArchitecture arch, LstmParameters p,
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

    private static StepRule frozenRule(LstmArchitecture arch, LstmParameters p, ProblemBatch problems) {
        long n = problems.instances() * problems.dimension();
        INDArray planes = Nd4j.zeros(p.dataType(), n, arch.statePlanes()).dup('f');
        var step = new LstmStep(arch, p, planes, problems.dimension());
        return (g, it, out) -> step.apply(g, out);
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

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
