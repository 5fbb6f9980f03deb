package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.problem.ParameterGroups;
import org.l2l4j.core.problem.QuadraticFamily;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.Seeds;
import org.nd4j.linalg.api.buffer.DataType;

class GroupedOptimizerFileTest {

    /** Two groups, "conv" and "dense", with made-up weights and provenance. */
    static GroupedOptimizer sample() {
        var config = MetaTrainingConfig.quadraticDefaults();
        var arch = config.architecture();
        var rng = new SplittableRandom(3);
        var provenance = new Provenance("conv", Map.of("grouping", "layer type"), config, 12, 10, 0.125,
                Provenance.currentVersion(), "2026-12-01T00:00:00Z", 42.0);
        return new GroupedOptimizer(arch, List.of("conv", "dense"),
                List.of(rng.doubles(arch.parameterCount(), -1, 1).toArray(), rng.doubles(arch.parameterCount(), -1, 1).toArray()),
                provenance);
    }

    @Test
    void roundTripKeepsEveryGroup(@TempDir Path dir) throws Exception {
        GroupedOptimizer original = sample();
        Path file = dir.resolve("conv.l2l");
        GroupedOptimizerFile.write(original, file);
        GroupedOptimizer read = GroupedOptimizerFile.read(file);
        assertEquals(original, read);
        assertEquals(List.of("conv", "dense"), read.groups());
        assertArrayEquals(original.weights().get(1), read.weights().get(1), 0.0);
        // a group's optimizer read back is the same file as the one made before writing: its SHA-256 names it
        assertEquals(TrainedOptimizerFile.sha256Hex(TrainedOptimizerFile.toBytes(original.optimizer("dense"))),
                TrainedOptimizerFile.sha256Hex(TrainedOptimizerFile.toBytes(read.optimizer("dense"))));
    }

    @Test
    void eachGroupsOptimizerCarriesTheRunsProvenanceAndItsGroup() {
        GroupedOptimizer g = sample();
        TrainedOptimizer dense = g.optimizer("dense");
        assertArrayEquals(g.weights().get(1), dense.weights(), 0.0);
        assertEquals("dense", dense.provenance().problemSettings().get("group"));
        assertEquals(List.of("conv", "dense"), dense.provenance().problemSettings().get("groups"));
        assertEquals("layer type", dense.provenance().problemSettings().get("grouping"));
        assertEquals(g.provenance().training(), dense.provenance().training());
        var e = assertThrows(IllegalArgumentException.class, () -> g.optimizer("recurrent"));
        assertTrue(e.getMessage().contains("[conv, dense]"), e.getMessage());
    }

    @Test
    void aSingleOptimizerReaderRefusesTheFileAndSaysWhatItIs() {
        byte[] bytes = GroupedOptimizerFile.toBytes(sample());
        var e = assertThrows(InvalidOptimizerFileException.class, () -> TrainedOptimizerFile.fromBytes(bytes, "conv.l2l"));
        assertTrue(e.getMessage().contains("several parameter groups") && e.getMessage().contains("GroupedOptimizer"), e.getMessage());
        var back = assertThrows(InvalidOptimizerFileException.class,
                () -> GroupedOptimizerFile.fromBytes(TrainedOptimizerFile.toBytes(TrainedOptimizerFileTest.sample()), "q.l2l"));
        assertTrue(back.getMessage().contains("not an l2l4j grouped-optimizer file"), back.getMessage());
    }

    @Test
    void corruptAndTruncatedFilesAreRefused() {
        byte[] bytes = GroupedOptimizerFile.toBytes(sample());
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 100] ^= 0x10;
        assertTrue(assertThrows(InvalidOptimizerFileException.class, () -> GroupedOptimizerFile.fromBytes(flipped, "f"))
                .getMessage().contains("corrupt: content checksum"));
        assertTrue(assertThrows(InvalidOptimizerFileException.class,
                () -> GroupedOptimizerFile.fromBytes(Arrays.copyOf(bytes, bytes.length / 2), "f")).getMessage().contains("truncated"));
    }

    @Test
    void groupsAndWeightsMustMatch() {
        var s = sample();
        assertThrows(IllegalArgumentException.class,
                () -> new GroupedOptimizer(s.architecture(), List.of("conv"), s.weights(), s.provenance()));
        assertThrows(IllegalArgumentException.class,
                () -> new GroupedOptimizer(s.architecture(), List.of("conv", "conv"), s.weights(), s.provenance()));
        assertThrows(IllegalArgumentException.class,
                () -> new GroupedOptimizer(s.architecture(), List.of("conv", "dense"), List.of(new double[3], new double[3]), s.provenance()));
    }

    /**
     * The grouped rule steps each group's coordinates with that group's optimizer: on quadratics split into two
     * groups it equals running each group's optimizer alone on those coordinates (the others' steps come from the
     * other optimizer), and a layout of other groups is refused.
     */
    @Test
    void theGroupedRuleStepsEachGroupWithItsOwnOptimizer() {
        GroupedOptimizer g = sample();
        var layout = new ParameterGroups(10, List.of(
                new ParameterGroups.Group("dense", List.of(new ParameterGroups.Range(0, 3), new ParameterGroups.Range(7, 3))),
                new ParameterGroups.Group("conv", List.of(new ParameterGroups.Range(3, 4)))));
        var batch = QuadraticFamily.paper().sample(1, Seeds.Purpose.TEST, 0, 2, DataType.DOUBLE);
        var rule = g.newStepRule(layout, 2, DataType.DOUBLE);
        var gradient = org.nd4j.linalg.factory.Nd4j.rand(DataType.DOUBLE, 20, 1).subi(0.5).dup('f');
        var step = gradient.ulike().dup('f');
        rule.propose(gradient, 0, step);
        // the same gradient through each optimizer alone: coordinate i takes the step of its group's optimizer
        var conv = gradient.ulike().dup('f');
        var dense = gradient.ulike().dup('f');
        g.optimizer("conv").newStepRule(20, DataType.DOUBLE).propose(gradient, 0, conv);
        g.optimizer("dense").newStepRule(20, DataType.DOUBLE).propose(gradient, 0, dense);
        for (int k = 0; k < 2; k++)
            for (int i = 0; i < 10; i++) {
                double expected = (i >= 3 && i < 7 ? conv : dense).getDouble(k * 10 + i, 0);
                assertEquals(expected, step.getDouble(k * 10 + i, 0), 0.0, "instance " + k + ", coordinate " + i);
            }
        assertTrue(Rollout.run(batch, g.newStepRule(layout, 2, DataType.DOUBLE), 3).finalMean() > 0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> g.newStepRule(ParameterGroups.single(10), 2, DataType.DOUBLE));
        assertTrue(e.getMessage().contains("[all]"), e.getMessage());
    }
}
