package org.l2l4j.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The ND4J-operations kernel against the host kernel, step by step and on the final state, for every
 * architecture and preprocessing (see {@link KernelCases}), in FLOAT and DOUBLE, in place as DL4J runs it.
 * Averaging and the memory act on two parameter sets, so a mean or a read that crossed sets would show.
 *
 * <p>Tolerances, relative to the largest value of the step (or state plane) compared:
 * <ul>
 *   <li>DOUBLE 1e-12. Both kernels compute the same operations in double; they differ in the order of GEMM
 *       sums, in the libm behind exp and tanh, and in where products are fused. Measured: at most 2e-15.</li>
 *   <li>FLOAT 5e-5. The host kernel computes tanh and the sigmoid by a rational fit (within 7 ulp) and the
 *       preprocessing in double, the ND4J kernel with float libm and float operations throughout, and both round
 *       some hundred operations per step through a 30-step recurrence. Each float kernel deviates from the
 *       double result by up to 7e-6 here (measured, both kernels alike), so they may differ by up to twice
 *       that; 5e-5 leaves a margin over it, while a wrong gate, bias, set, slot or feature moves the step by
 *       1e-3 or more.</li>
 * </ul>
 */
class Nd4jLstmStepTest {
    static final int N = 300, STEPS = 30;
    static final double FLOAT_TOLERANCE = 5e-5, DOUBLE_TOLERANCE = 1e-12;
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

        INDArray planes = Nd4j.zeros(type, N, arch.statePlanes()).dup('f');
        var ops = OptimizerStep.deploy(arch, w, planes, setSize, StepKernel.ND4J);
        assertEquals(StepKernel.ND4J, ops.kernel());
        INDArray steps = Nd4j.zeros(DataType.DOUBLE, STEPS, N);
        for (int t = 0; t < STEPS; t++) {
            INDArray g = KernelCases.column(gradients.get(t), type);
            ops.apply(g, g);
            steps.putRow(t, g.castTo(DataType.DOUBLE).reshape(1, N));
        }
        INDArray[] host = new INDArray[2];   // run once, on first need: steps, then final planes
        Runnable run = () -> {
            if (host[0] == null) System.arraycopy(hostRun(arch, w, setSize, gradients, type), 0, host, 0, 2);
        };
        INDArray expected = REFERENCES.get(name + "-steps", () -> {
            run.run();
            return host[0];
        });
        INDArray expectedPlanes = REFERENCES.get(name + "-planes", () -> {
            run.run();
            return host[1];
        });

        double tolerance = type == DataType.FLOAT ? FLOAT_TOLERANCE : DOUBLE_TOLERANCE;
        double stepError = 0;
        for (int t = 0; t < STEPS; t++) {
            double e = relativeError(steps.getRow(t), expected.getRow(t));
            stepError = Math.max(stepError, e);
            assertTrue(e <= tolerance, name + ": step " + t + " differs by " + e + " of its largest value");
        }
        double stateError = 0;
        INDArray actualPlanes = planes.castTo(DataType.DOUBLE);
        for (int k = 0; k < arch.statePlanes(); k++) {
            double e = relativeError(actualPlanes.get(NDArrayIndex.all(), NDArrayIndex.point(k)),
                    expectedPlanes.get(NDArrayIndex.all(), NDArrayIndex.point(k)));
            stateError = Math.max(stateError, e);
            assertTrue(e <= tolerance, name + ": state plane " + k + " differs by " + e + " of its largest value");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("case", name);
        result.put("steps", STEPS);
        result.put("coordinates", N);
        result.put("maxStepError", stepError);
        result.put("maxStateError", stateError);
        result.put("tolerance", tolerance);
        REFERENCES.record(result);
    }

    /** The host kernel's steps (STEPS x N) from zero state, and its final state, in double. */
    private static INDArray[] hostRun(LstmArchitecture arch, double[] w, long setSize, List<double[]> gradients, DataType type) {
        INDArray state = Nd4j.zeros(type, N, arch.statePlanes()).dup('f');
        var host = OptimizerStep.deploy(arch, w, state, setSize, StepKernel.HOST);
        INDArray steps = Nd4j.zeros(DataType.DOUBLE, gradients.size(), N);
        for (int t = 0; t < gradients.size(); t++) {
            INDArray g = KernelCases.column(gradients.get(t), type);
            host.apply(g, g);
            steps.putRow(t, g.castTo(DataType.DOUBLE).reshape(1, N));
        }
        return new INDArray[]{steps, state.castTo(DataType.DOUBLE)};
    }

    /** max |a - b| / max |b|, both vectors in double; 0 when both are zero. */
    static double relativeError(INDArray actual, INDArray expected) {
        double scale = expected.amaxNumber().doubleValue();
        double diff = actual.reshape(expected.shape()).sub(expected).amaxNumber().doubleValue();
        return scale == 0 ? diff : diff / scale;
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
