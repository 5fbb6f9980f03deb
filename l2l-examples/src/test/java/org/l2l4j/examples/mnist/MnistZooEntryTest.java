package org.l2l4j.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.zoo.OptimizerZoo;

/**
 * zoo:mnist is what {@code l2l meta-train --problem mnist} (the defaults, seed 1, the bundled digits)
 * writes: README's one command reproduces it, and a change of the defaults that would not is caught here.
 */
class MnistZooEntryTest {

    @Test
    void theBundledEntryWasTrainedWithTheDefaultsOnTheBaseFamily() {
        TrainedOptimizer mnist = OptimizerZoo.zoo("mnist");
        assertEquals(MnistMlp.metaTrainingDefaults(), mnist.provenance().training());
        assertEquals(String.valueOf(MnistMlp.base().family(MnistDigits.bundled()).settings()),
                String.valueOf(mnist.provenance().problemSettings()));
        assertEquals("mnist", mnist.provenance().problemFamily());
    }
}
