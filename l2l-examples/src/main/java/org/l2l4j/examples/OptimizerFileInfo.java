package org.l2l4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.l2l4j.core.TrainedOptimizerFile;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * {@code l2l zoo info FILE}: what a trained-optimizer file holds, as {@code zoo info ID} shows a zoo entry, so that an
 * optimizer a user meta-trained has its step cost and provenance one command away before it is published.
 */
final class OptimizerFileInfo {
    private OptimizerFileInfo() {}

    static void print(Path file, boolean json, PrintWriter out) throws IOException {
        var optimizer = LearnedOptimizer.loadSingleOrGrouped(file.toString());
        byte[] bytes = Files.readAllBytes(file);
        String sha256 = TrainedOptimizerFile.sha256Hex(bytes);
        var cost = optimizer.architecture().stepCost();
        var groups = optimizer.groups() == null ? null : optimizer.groups().groups();
        if (json) {
            ObjectNode node = ZooCommand.JSON.createObjectNode();
            node.put("file", file.toString());
            node.put("size", bytes.length);
            node.put("sha256", sha256);
            node.set("architecture", ZooCommand.JSON.valueToTree(optimizer.architecture()));
            if (groups != null) node.set("groups", ZooCommand.JSON.valueToTree(groups));
            node.set("provenance", ZooCommand.JSON.valueToTree(optimizer.provenance()));
            out.println(ZooCommand.JSON.writeValueAsString(ZooCommand.withCost(node, cost)));
            return;
        }
        out.printf(Locale.ROOT, "file:         %s (%d bytes)%nsha-256:      %s%nproblem:      %s%narchitecture: %s%s%n"
                        + "step cost:    %s%ntrained:      %s%n",
                file, bytes.length, sha256, optimizer.provenance().problemFamily(),
                ZooCommand.architecture(optimizer.architecture()), groups == null ? "" : ", one per group " + groups,
                ZooCommand.cost(cost), ZooCommand.trained(optimizer.provenance()));
    }
}
