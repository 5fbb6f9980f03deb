package org.l2l4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.zoo.OptimizerZoo;

/**
 * A trained optimizer named as the user named it: {@code zoo:quadratic} for a zoo entry, the file name
 * for a file.
 */
record LearnedOptimizer(String name, TrainedOptimizer optimizer) {
    static final String ZOO_PREFIX = "zoo:";

    /** Loads {@code zoo:ID} from the zoo or a path from disk; fails with a message naming what is missing. */
    static LearnedOptimizer load(String source) throws IOException {
        if (source.startsWith(ZOO_PREFIX)) {
            String id = source.substring(ZOO_PREFIX.length());
            return new LearnedOptimizer(source, OptimizerZoo.zoo(id));
        }
        Path file = Path.of(source);
        return new LearnedOptimizer(file.getFileName().toString(), TrainedOptimizerFile.read(file));
    }
}
