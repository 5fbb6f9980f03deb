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
 */
public record Provenance(String problemFamily, Map<String, Object> problemSettings, MetaTrainingConfig training,
                         int epochsRun, int bestEpoch, double validationLoss, String projectVersion,
                         String createdAt, double trainingSeconds) {

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
