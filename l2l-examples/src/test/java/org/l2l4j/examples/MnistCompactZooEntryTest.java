package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.examples.mnist.MnistDigits;
import org.l2l4j.examples.mnist.MnistMlp;
import org.l2l4j.zoo.OptimizerZoo;
import picocli.CommandLine;

/**
 * zoo:mnist-compact is what the meta-train command documented in l2l-zoo/ZOO.md writes (the bundled digits): a
 * change of the defaults or of the options that would no longer reproduce it is caught here, and so is a ZOO.md
 * that names another command.
 */
class MnistCompactZooEntryTest {
    static final String ID = "mnist-compact";
    /** The options ZOO.md gives, after {@code java -jar l2l-examples/target/l2l.jar meta-train}. */
    static final String OPTIONS = "--problem mnist --preprocessing moments-rprop-packed --lstm-layers 1 --lstm-hidden 10 "
            + "--out runs/mnist-compact.l2l";

    @Test
    void theBundledEntryWasTrainedByTheDocumentedCommandOnTheBaseFamily() {
        var command = new MetaTrainCommand();
        new CommandLine(command).parseArgs(OPTIONS.split(" "));
        TrainedOptimizer entry = OptimizerZoo.zoo(ID);
        assertEquals(command.config(command.problem.defaults()), entry.provenance().training());
        assertEquals(String.valueOf(MnistMlp.base().family(MnistDigits.bundled()).settings()),
                String.valueOf(entry.provenance().problemSettings()));
        assertEquals("mnist", entry.provenance().problemFamily());
    }

    @Test
    void itKeepsAtMost24StateFloatsPerParameter() {
        assertTrue(OptimizerZoo.zoo(ID).architecture().stepCost().stateFloats() <= 24);
    }

    @Test
    void zooMdGivesThatCommand() throws Exception {
        String doc = Files.readString(Path.of("..", "l2l-zoo", "ZOO.md"));
        assertTrue(doc.contains("java -jar l2l-examples/target/l2l.jar meta-train " + OPTIONS), "ZOO.md names the command");
    }
}
