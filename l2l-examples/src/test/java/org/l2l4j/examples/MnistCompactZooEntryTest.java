package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.optimizer.Preprocessing;
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
    static final String OPTIONS = "--problem mnist --preprocessing moments-rprop-packed --lstm-layers 1 --lstm-hidden 8 "
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
        // the recipe is zoo:mnist's but for the network's size and the packed Rprop state
        var arch = entry.architecture();
        var mnist = MnistMlp.metaTrainingDefaults().architecture();
        assertEquals(1, arch.layers());
        assertEquals(8, arch.hidden());
        assertEquals(new Preprocessing.MomentsAndPackedRprop(0.95, 1e-8, 100), arch.preprocessing());
        assertEquals(mnist.outputScale(), arch.outputScale(), 0.0);
        assertEquals(mnist.inputSkip(), arch.inputSkip());
    }

    /** The bound for a compact entry, and StepCostTest's hand count for this architecture. */
    @Test
    void itKeepsAtMost24StateFloatsPerParameter() {
        var cost = OptimizerZoo.zoo(ID).architecture().stepCost();
        assertTrue(cost.stateFloats() <= 24, "state floats " + cost.stateFloats());
        assertEquals(2 * 8 + 4, cost.stateFloats());          // h and c, m, v, w, the packed Rprop plane
        // GEMM [5 inputs, h] x 32 gate columns, 8 units, output 2 x 8 + bias + scale + skip of 5, the inputs 25
        assertEquals(2 * 13 * 32 + 8 * 122 + (16 + 1 + 1 + 10) + 25, cost.flopsPerParameter());
        assertEquals(1861, cost.flopsPerParameter());
    }

    @Test
    void zooMdGivesThatCommand() throws Exception {
        String doc = Files.readString(Path.of("..", "l2l-zoo", "ZOO.md"));
        assertTrue(doc.contains("java -jar l2l-examples/target/l2l.jar meta-train " + OPTIONS), "ZOO.md names the command");
    }
}
