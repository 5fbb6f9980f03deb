package org.l2l4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.l2l4j.core.GroupedOptimizerFile;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * {@code l2l zoo info FILE}: what a trained-optimizer file holds, as {@code zoo info ID} shows a zoo entry, so that an
 * optimizer a user meta-trained has its step cost and provenance one command away before it is published.
 */
final class OptimizerFileInfo {
    private OptimizerFileInfo() {}

    /** What is read from the file: a single optimizer has no groups. */
    private record Contents(LstmArchitecture architecture, List<String> groups, Provenance provenance) {}

    static void print(Path file, boolean json, PrintWriter out) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Contents c = read(bytes, file.toString());
        String sha256 = TrainedOptimizerFile.sha256Hex(bytes);
        var cost = c.architecture().stepCost();
        if (json) {
            var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode node = mapper.createObjectNode();
            node.put("file", file.toString());
            node.put("size", bytes.length);
            node.put("sha256", sha256);
            node.set("architecture", mapper.valueToTree(c.architecture()));
            if (!c.groups().isEmpty()) node.set("groups", mapper.valueToTree(c.groups()));
            node.set("provenance", mapper.valueToTree(c.provenance()));
            node.put("flopsPerParameter", cost.flopsPerParameter());
            node.put("stateFloatsPerParameter", cost.stateFloats());
            out.println(mapper.writeValueAsString(node));
            return;
        }
        Provenance p = c.provenance();
        out.printf(Locale.ROOT, "file:         %s (%d bytes)%nsha-256:      %s%nproblem:      %s%narchitecture: %s%s%n"
                        + "step cost:    %s%n"
                        + "trained:      %s, seed %d, %d epochs (best %d), validation loss %.4g, %.0f s, l2l4j %s%n",
                file, bytes.length, sha256, p.problemFamily(), ZooCommand.architecture(c.architecture()),
                c.groups().isEmpty() ? "" : ", one per group " + c.groups(), ZooCommand.cost(cost), p.createdAt(),
                p.training().seed(), p.epochsRun(), p.bestEpoch(), p.validationLoss(), p.trainingSeconds(), p.projectVersion());
    }

    private static Contents read(byte[] bytes, String source) {
        if (GroupedOptimizerFile.isGrouped(bytes)) {
            var pair = GroupedOptimizerFile.fromBytes(bytes, source);
            return new Contents(pair.architecture(), pair.groups(), pair.provenance());
        }
        var single = TrainedOptimizerFile.fromBytes(bytes, source);
        return new Contents(single.architecture(), List.of(), single.provenance());
    }
}
