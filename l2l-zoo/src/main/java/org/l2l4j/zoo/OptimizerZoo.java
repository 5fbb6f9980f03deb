package org.l2l4j.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;

/**
 * Pretrained optimizers by id: {@code new LearnedUpdater(zoo("quadratic"))}. Entries bundled in
 * this jar are read from {@code org/l2l4j/zoo/<id>.l2l}.
 */
public final class OptimizerZoo {
    private OptimizerZoo() {}

    /** The trained optimizer with this id. */
    public static TrainedOptimizer zoo(String id) {
        String resource = id + ".l2l";
        try (InputStream in = OptimizerZoo.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("no optimizer '" + id + "' in the zoo");
            return TrainedOptimizerFile.fromBytes(in.readAllBytes(), "zoo:" + id);
        } catch (IOException e) {
            throw new UncheckedIOException("reading zoo entry " + id, e);
        }
    }
}
