package org.l2l4j.core.metatrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.l2l4j.core.ChecksummedFile;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.TrainedOptimizerFile;

/**
 * Meta-training state after a validated epoch, from which an interrupted run resumes exactly where it
 * stopped (problem batches are a function of the epoch number, so nothing else is needed).
 */
record Checkpoint(MetaTrainingConfig config, String problemFamily, java.util.Map<String, Object> problemSettings,
                  int epochsDone, int metaUpdates, int bestEpoch, double bestValidationLoss, double seconds,
                  double[] phi, double[] adamState, double[] bestPhi) {
    private static final String MAGIC = "L2L4J-CHECKPOINT\n";
    private static final int VERSION = 1;

    record Header(MetaTrainingConfig config, String problemFamily, java.util.Map<String, Object> problemSettings,
                  int epochsDone, int metaUpdates, int bestEpoch, double bestValidationLoss, double seconds) {}

    void write(Path file) throws IOException {
        byte[] header = TrainedOptimizerFile.JSON.writeValueAsBytes(new Header(config, problemFamily, problemSettings,
                epochsDone, metaUpdates, bestEpoch, bestValidationLoss, seconds));
        ChecksummedFile.writeAtomically(ChecksummedFile.encode(MAGIC, VERSION, header, phi, adamState, bestPhi), file);
    }

    static Checkpoint read(Path file) throws IOException {
        var d = ChecksummedFile.decode(Files.readAllBytes(file), MAGIC, VERSION, "meta-training checkpoint", file.toString());
        Header h;
        try {
            h = TrainedOptimizerFile.JSON.readValue(d.header(), Header.class);
        } catch (IOException | RuntimeException e) {
            throw ChecksummedFile.invalid(file.toString(), "corrupt checkpoint header: " + e.getMessage());
        }
        if (d.arrays().length != 3) throw ChecksummedFile.invalid(file.toString(), "checkpoint needs 3 arrays");
        return new Checkpoint(h.config(), h.problemFamily(), h.problemSettings(), h.epochsDone(), h.metaUpdates(),
                h.bestEpoch(), h.bestValidationLoss(), h.seconds(), d.arrays()[0], d.arrays()[1], d.arrays()[2]);
    }
}
