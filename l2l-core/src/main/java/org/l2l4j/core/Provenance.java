package org.l2l4j.core;

import java.util.Map;

/**
 * Where a trained optimizer came from: enough to reproduce it and to judge it.
 *
 * @param problemFamily   family it was meta-trained on, e.g. {@code quadratic}
 * @param problemSettings that family's settings
 * @param training        the meta-training configuration (seed, epochs, meta learning rate, ...)
 * @param epochsRun       epochs actually run (less than configured when stopped early)
 * @param bestEpoch       epoch whose weights were kept (best validation loss)
 * @param validationLoss  mean final loss on the validation instances at that epoch
 * @param projectVersion  l2l4j version that trained it
 * @param createdAt       ISO-8601 instant
 * @param trainingSeconds wall-clock time of the meta-training run
 * @param validation      what {@code validationLoss} measures when it is not the mean final loss of the family's
 *                        validation instances, or null
 */
public record Provenance(String problemFamily, Map<String, Object> problemSettings, MetaTrainingConfig training,
                         int epochsRun, int bestEpoch, double validationLoss, String projectVersion,
                         String createdAt, double trainingSeconds,
                         // left out of JSON when null: files written before it existed keep their bytes
                         @org.nd4j.shade.jackson.annotation.JsonInclude(
                                 org.nd4j.shade.jackson.annotation.JsonInclude.Include.NON_NULL) Map<String, Object> validation) {

    /** Validated on the family's own validation instances. */
    public Provenance(String problemFamily, Map<String, Object> problemSettings, MetaTrainingConfig training,
                      int epochsRun, int bestEpoch, double validationLoss, String projectVersion,
                      String createdAt, double trainingSeconds) {
        this(problemFamily, problemSettings, training, epochsRun, bestEpoch, validationLoss, projectVersion, createdAt,
                trainingSeconds, null);
    }

    /** The l2l4j version of this build. */
    public static String currentVersion() {
        try (var in = Provenance.class.getResourceAsStream("version.properties")) {
            var p = new java.util.Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
