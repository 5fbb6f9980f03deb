package org.l2l4j.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J-operations kernel against the host kernel, step by step and on the final state, for every
 * architecture and preprocessing (see {@link KernelCases}), in FLOAT and DOUBLE, in place as DL4J runs it.
 * Averaging and the memory act on two parameter sets, so a mean or a read that crossed sets would show.
 *
 * Tolerances: {@link KernelCases#tolerance}.
 */
class Nd4jLstmStepTest {
    static final int N = 300, STEPS = 30;
    static final ReferenceRuns REFERENCES = new ReferenceRuns("Nd4jLstmStepTest");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String kind : KernelCases.kinds())
            for (String pre : KernelCases.PREPROCESSINGS)
                for (boolean skip : new boolean[]{false, true})
                    for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE})
                        out.add(Arguments.of(kind, pre, skip, type));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} skip={2} {3}")
    @MethodSource("cases")
    void nd4jKernelComputesTheHostKernelsSteps(String kind, String pre, boolean skip, DataType type) {
        var arch = KernelCases.architecture(kind, pre, skip);
        double[] w = KernelCases.weights(arch, 3);
        long setSize = kind.equals("lstm-gac") || kind.equals("ntm-lbfgs") ? N / 2 : N;
        List<double[]> gradients = KernelCases.gradients(N, STEPS, 11);
        String name = kind + "-" + pre + (skip ? "-skip" : "") + "-" + type;

        INDArray[] ops = KernelCases.run(arch, w, setSize, gradients, type, StepKernel.ND4J);
        INDArray[] host = REFERENCES.get(name, () -> KernelCases.run(arch, w, setSize, gradients, type, StepKernel.HOST),
                "steps", "planes");
        Map<String, Object> result = KernelCases.assertClose(name, ops, host, type);
        result.put("steps", STEPS);
        result.put("coordinates", N);
        REFERENCES.record(result);
    }

    /** The memory's slot is read before anything is written: a foreign state fails and stays as it was. */
    @Test
    void foreignMemoryStateIsRefusedBeforeItIsTouched() {
        var arch = KernelCases.architecture("ntm-lbfgs", "moments", true);
        INDArray planes = Nd4j.zeros(DataType.FLOAT, 20, arch.statePlanes()).dup('f');
        planes.getColumn(arch.statePlanes() - 1).assign(7);   // slot 7 of a window of 3
        INDArray before = planes.dup('f');
        var ops = OptimizerStep.deploy(arch, KernelCases.weights(arch, 1), planes, 20, StepKernel.ND4J);
        INDArray g = Nd4j.ones(DataType.FLOAT, 20, 1);
        var e = assertThrows(IllegalStateException.class, () -> ops.apply(g, g));
        assertTrue(e.getMessage().contains("slot 7.0 of a window of 3"), e.getMessage());
        assertEquals(before, planes);
    }

    @AfterAll
    static void report() {
        REFERENCES.writeReport();
    }
}
