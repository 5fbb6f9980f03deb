package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.optimizer.StepOutput;
import org.l2l4j.examples.general.GeneralRecipe;
import org.l2l4j.zoo.OptimizerZoo;
import picocli.CommandLine;

/**
 * zoo:general is what the meta-train command documented in l2l-zoo/ZOO.md writes: a change of
 * {@link GeneralRecipe#metaTrainingDefaults()} that would no longer reproduce it is caught here, and so is a ZOO.md
 * that names another command.
 */
class GeneralZooEntryTest {
    static final String ID = "general";
    /** The options ZOO.md gives, after {@code java -jar l2l-examples/target/l2l.jar meta-train}. */
    static final String OPTIONS = "--problem general --out runs/general.l2l";

    @Test
    void theBundledEntryWasTrainedByTheDocumentedCommand() {
        var command = new MetaTrainCommand();
        new CommandLine(command).parseArgs(OPTIONS.split(" "));
        TrainedOptimizer entry = OptimizerZoo.zoo(ID);
        assertEquals(command.config(command.problem.defaults()), entry.provenance().training());
        assertEquals(GeneralRecipe.metaTrainingDefaults(), entry.provenance().training());
        assertEquals("general", entry.provenance().problemFamily());
        // a correction of Adam at DL4J's default rate, so that multiplier 1.0 is Adam at 1e-3 corrected
        var arch = entry.architecture();
        assertInstanceOf(Preprocessing.AdamTimescales.class, arch.preprocessing());
        assertInstanceOf(StepOutput.AdamCorrection.class, arch.output());
        assertEquals(GeneralRecipe.NOMINAL_LEARNING_RATE, arch.outputScale(), 0.0);
    }

    @Test
    void zooMdGivesThatCommand() throws Exception {
        String doc = Files.readString(Path.of("..", "l2l-zoo", "ZOO.md"));
        assertTrue(doc.contains("java -jar l2l-examples/target/l2l.jar meta-train " + OPTIONS), "ZOO.md names the command");
    }
}
