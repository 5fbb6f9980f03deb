package org.l2l4j.core.optimizer;

import java.util.Locale;
import org.l2l4j.core.host.HostMemory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonValue;

/**
 * Which implementation computes a deployed optimizer's step. Both compute the same step on the same state
 * layout, so state written by one is continued by the other (to rounding: they round differently in FLOAT).
 * <ul>
 *   <li>{@link #HOST}: {@link LstmStep}, OpenBLAS and vectorized Java loops on the arrays' host memory; the
 *       fastest on a CPU, and only possible where the arrays are plain host memory (ND4J's CPU backend).</li>
 *   <li>{@link #ND4J}: {@link Nd4jLstmStep}, ND4J operations only (mmul, element-wise transforms, views), so it
 *       runs wherever ND4J runs, on a GPU under ND4J-CUDA too.</li>
 *   <li>{@link #AUTO}: {@link #HOST} when the state array is plain host memory
 *       ({@link HostMemory#isPlainHost}), {@link #ND4J} otherwise.</li>
 * </ul>
 * The system property {@value #PROPERTY} ({@code auto}, {@code host} or {@code nd4j}) sets the kernel that
 * {@link #AUTO} stands for, JVM-wide; an explicit {@link #HOST} or {@link #ND4J} wins over it.
 */
public enum StepKernel {
    AUTO, HOST, ND4J;

    /** System property naming the kernel that {@link #AUTO} resolves to: auto (the default), host or nd4j. */
    public static final String PROPERTY = "l2l4j.kernel";

    /** The name in JSON, on the command line and in the system property: auto, host, nd4j. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static StepKernel of(String id) {
        for (StepKernel k : values()) if (k.id().equalsIgnoreCase(id.trim())) return k;
        throw new IllegalArgumentException("no step kernel '" + id + "': choose auto, host or nd4j");
    }

    /**
     * The kernel that will run on {@code planes}: this one if explicit, else the system property's, else by the
     * memory the planes live in.
     *
     * @throws IllegalArgumentException if {@link #HOST} is asked for arrays outside plain host memory, or the
     *                                  system property names no kernel
     */
    public StepKernel resolve(INDArray planes) {
        StepKernel chosen = this;
        if (chosen == AUTO) {
            String property = System.getProperty(PROPERTY);
            if (property != null && !property.isBlank()) {
                try {
                    chosen = of(property);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("system property " + PROPERTY + "=" + property + ": " + e.getMessage());
                }
            }
        }
        boolean host = HostMemory.isPlainHost(planes);
        if (chosen == AUTO) return host ? HOST : ND4J;
        if (chosen == HOST && !host)
            throw new IllegalArgumentException("the host step kernel reads arrays by their host address, but this state "
                    + "array is not plain host memory (" + HostMemory.describe(planes) + "); use the nd4j kernel, or auto");
        return chosen;
    }
}
