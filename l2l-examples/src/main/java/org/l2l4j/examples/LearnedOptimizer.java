package org.l2l4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.l2l4j.core.GroupedOptimizer;
import org.l2l4j.core.GroupedOptimizerFile;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.StepRule;
import org.l2l4j.zoo.OptimizerZoo;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A trained optimizer named as the user named it: {@code zoo:quadratic} for a zoo entry, the file name
 * for a file. Either one optimizer ({@code optimizer}) or, from a file of optimizers meta-trained together on
 * parameter groups, the groups' optimizers ({@code groups}, with {@code optimizer} null).
 */
record LearnedOptimizer(String name, TrainedOptimizer optimizer, GroupedOptimizer groups) {
    static final String ZOO_PREFIX = "zoo:";

    LearnedOptimizer(String name, TrainedOptimizer optimizer) {
        this(name, optimizer, null);
    }

    /** Loads {@code zoo:ID} from the zoo or a path from disk; fails with a message naming what is missing. */
    static LearnedOptimizer load(String source) throws IOException {
        if (source.startsWith(ZOO_PREFIX)) {
            String id = source.substring(ZOO_PREFIX.length());
            return new LearnedOptimizer(source, OptimizerZoo.zoo(id));
        }
        Path file = Path.of(source);
        return new LearnedOptimizer(file.getFileName().toString(), TrainedOptimizerFile.read(file));
    }

    /** As {@link #load}, and a file of grouped optimizers too (what compare runs on a family of parameter groups). */
    static LearnedOptimizer loadSingleOrGrouped(String source) throws IOException {
        if (!source.startsWith(ZOO_PREFIX)) {
            Path file = Path.of(source);
            if (Files.isRegularFile(file) && GroupedOptimizerFile.isGrouped(Files.readAllBytes(file)))
                return new LearnedOptimizer(file.getFileName().toString(), null, GroupedOptimizerFile.read(file));
        }
        return load(source);
    }

    LearnedOptimizer named(String name) {
        return new LearnedOptimizer(name, optimizer, groups);
    }

    Provenance provenance() {
        return groups != null ? groups.provenance() : optimizer.provenance();
    }

    /** The architecture every group shares, or the one optimizer's. */
    LstmArchitecture architecture() {
        return groups != null ? groups.architecture() : optimizer.architecture();
    }

    /**
     * A rule for a batch of problems, from zero state: the one optimizer on every coordinate (each instance its own
     * parameter set), or each group's optimizer on that group's coordinates.
     */
    StepRule rule(ProblemBatch part, DataType type) {
        if (groups != null) return groups.newStepRule(part.groups(), part.instances(), type);
        return optimizer.newStepRule(part.instances() * part.dimension(), part.dimension(), type);
    }
}
