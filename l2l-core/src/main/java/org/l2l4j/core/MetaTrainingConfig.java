package org.l2l4j.core;

import java.util.Objects;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.annotation.JsonInclude;

/**
 * Everything that decides a meta-training run (paper section 3), recorded in the provenance of the
 * optimizer it produces.
 *
 * @param architecture      the optimizer network
 * @param epochs            meta-training epochs; an epoch draws {@code batchSize} fresh problems and
 *                          optimizes them for {@code horizon} steps, one meta-update per truncation
 * @param batchSize         problems per epoch, batched into one computation
 * @param horizon           optimizee steps per problem (the paper: 100); with {@code horizons}, the validation horizon
 * @param unroll            steps per truncation of BPTT (the paper: 20)
 * @param metaLearningRate  Adam's learning rate on phi
 * @param schedule          how the meta learning rate changes over the epochs
 * @param clipNorm          meta-gradient clipping: largest global L2 norm (0: no clipping)
 * @param objective         the meta-loss
 * @param validationInstances problems in the fixed validation set
 * @param validateEvery     epochs between validations (early stopping keeps the best validated weights)
 * @param forgetBias        initial bias of the LSTM forget gates
 * @param outputInitStd     standard deviation of the initial output weights (0: zero-initialized output,
 *                          so the untrained optimizer proposes no step)
 * @param seed              seeds initialization and problem sampling
 * @param dataType          arithmetic of meta-training (FLOAT for speed, DOUBLE for checks)
 * @param horizons          horizons drawn per epoch, or null for {@code horizon} every epoch
 */
public record MetaTrainingConfig(LstmArchitecture architecture, int epochs, int batchSize, int horizon, int unroll,
                                 double metaLearningRate, Schedule schedule, double clipNorm, MetaObjective objective,
                                 int validationInstances, int validateEvery, double forgetBias,
                                 double outputInitStd, long seed, DataType dataType,
                                 // left out of JSON when null: files written before it existed keep their bytes
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Horizons horizons) {

    public MetaTrainingConfig {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(dataType, "dataType");
        positive("epochs", epochs);
        positive("batchSize", batchSize);
        positive("horizon", horizon);
        positive("unroll", unroll);
        positive("validationInstances", validationInstances);
        positive("validateEvery", validateEvery);
        if (!(metaLearningRate > 0)) throw new IllegalArgumentException("metaLearningRate must be > 0, got " + metaLearningRate);
        if (!(clipNorm >= 0)) throw new IllegalArgumentException("clipNorm must be >= 0, got " + clipNorm);
        if (!(outputInitStd >= 0)) throw new IllegalArgumentException("outputInitStd must be >= 0, got " + outputInitStd);
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE)
            throw new IllegalArgumentException("meta-training runs in FLOAT or DOUBLE, not " + dataType);
    }

    /** Every epoch at the one {@code horizon}. */
    public MetaTrainingConfig(LstmArchitecture architecture, int epochs, int batchSize, int horizon, int unroll,
                              double metaLearningRate, Schedule schedule, double clipNorm, MetaObjective objective,
                              int validationInstances, int validateEvery, double forgetBias,
                              double outputInitStd, long seed, DataType dataType) {
        this(architecture, epochs, batchSize, horizon, unroll, metaLearningRate, schedule, clipNorm, objective,
                validationInstances, validateEvery, forgetBias, outputInitStd, seed, dataType, null);
    }

    /** The horizon of an epoch: {@code horizon}, or drawn from {@code horizons}. */
    public int horizon(int epoch) {
        return horizons == null ? horizon : horizons.draw(seed, epoch);
    }

    /**
     * Horizons that vary from epoch to epoch: log-uniform in [shortest, longest(e)], heavy-tailed as Wichrowska et
     * al. (2017) draw unroll lengths, with longest(e) rising linearly from {@code shortest} at the first epoch to
     * {@code longest} at epoch {@code rampEpochs} and staying there (a horizon curriculum, Chen et al. 2020), so
     * the short runs that teach fast come first and the long ones that teach stability later.
     */
    public record Horizons(int shortest, int longest, int rampEpochs) {
        public Horizons {
            positive("shortest horizon", shortest);
            positive("rampEpochs", rampEpochs);
            if (longest < shortest)
                throw new IllegalArgumentException("longest horizon " + longest + " is below the shortest " + shortest);
        }

        /** Epoch e's horizon (e from 1), a function of the run's seed and e alone, so a resumed run draws the same. */
        public int draw(long seed, int epoch) {
            double cap = shortest + (longest - shortest) * Math.min(1.0, (epoch - 1) / (double) rampEpochs);
            double u = new java.util.SplittableRandom(org.l2l4j.core.problem.Seeds.mix(seed * 31 + epoch)).nextDouble();
            return (int) Math.round(Math.exp(Math.log(shortest) + u * (Math.log(cap) - Math.log(shortest))));
        }
    }

    /**
     * Defaults for the quadratic family (paper section 3.1: horizon 100, unroll 20, 2 x 20 LSTM, no
     * preprocessing nor output scaling), training in about 5 minutes on 2 cores. Chosen by measurement
     * (200 test problems, 1000 epochs): no preprocessing 0.199, log-sign p=10 0.230, scale 0.1 0.257;
     * meta-lr 3e-3 better than 1e-3 and than cosine decay; the log-loss objective worse.
     */
    public static MetaTrainingConfig quadraticDefaults() {
        return new MetaTrainingConfig(LstmArchitecture.paper(new Preprocessing.Identity(), 1.0), 1000, 128, 100, 20,
                3e-3, Schedule.CONSTANT, 0, MetaObjective.SUM, 256, 10, 1.0, 0.0, 1, DataType.FLOAT);
    }

    private static void positive(String name, int value) {
        if (value < 1) throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }

    /** The meta learning rate over the epochs. */
    public enum Schedule {
        CONSTANT,
        /** Cosine decay to a tenth of the initial rate at the last epoch. */
        COSINE
    }

    public MetaTrainingConfig withEpochs(int e) {
        return new MetaTrainingConfig(architecture, e, batchSize, horizon, unroll, metaLearningRate, schedule, clipNorm, objective,
                validationInstances, validateEvery, forgetBias, outputInitStd, seed, dataType, horizons);
    }

    public MetaTrainingConfig withSeed(long s) {
        return new MetaTrainingConfig(architecture, epochs, batchSize, horizon, unroll, metaLearningRate, schedule, clipNorm, objective,
                validationInstances, validateEvery, forgetBias, outputInitStd, s, dataType, horizons);
    }
}
