package org.l2l4j.core.optimizer;

import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonInclude;

/**
 * The coordinatewise LSTM optimizer of the paper (section 2.1): {@code layers} LSTM layers of
 * {@code hidden} units and a linear output, the same weights for every coordinate, one hidden state
 * per coordinate. The step proposed is {@code outputScale * output}, or, with an {@link StepOutput}, what it makes
 * of the output heads (a bounded correction of Adam's step, the generalist's form).
 *
 * <p>With {@code inputSkip}, the output also has a linear path from the preprocessed inputs (one weight
 * per input feature, zero at the start): with moments inputs that path alone is an Adam-like rule whose
 * step size is learned, and the LSTM learns what to add to it. Not in the paper; see the MNIST notes.
 * With a memory the path also reaches the read vector, so the read can be M grad, the quasi-Newton step,
 * which a controller of bounded activations cannot give (its hidden state does not scale with the
 * gradient). Measured on quadratics, two wider paths diverged in meta-training: to the write vectors too
 * (the read then grows as the cube of the gradient, from the first epochs), and from the last read result
 * too (a linear recurrence read to read, after 200 epochs).
 *
 * <p>The paper's other two architectures (section 2.2, appendix B) are this one with options:
 * <ul>
 *   <li>LSTM+GAC: the last {@code globalCells} units of every layer are global averaging cells, whose
 *       outgoing activations are replaced by their mean over the coordinates of the parameter set (in DL4J:
 *       the updater block; in meta-training: one problem instance) at every step.</li>
 *   <li>NTM-L-BFGS: LSTM+GAC as the controller of a {@link LowRankMemory}; the controller's last layer
 *       also produces the memory's read and write vectors and reads the previous read result as an input.</li>
 * </ul>
 *
 * @param layers        number of stacked LSTM layers (the paper: 2)
 * @param hidden        units per layer (the paper: 20)
 * @param preprocessing how a gradient coordinate becomes the network's input
 * @param outputScale   constant multiplying the network output (paper: 0.1 on MNIST, 1 on quadratics)
 * @param inputSkip     whether the output also reads the inputs linearly
 * @param globalCells   global averaging cells per layer (the paper's LSTM+GAC: 5 of 20), 0 for none
 * @param memory        the external memory (NTM-L-BFGS), or null
 * @param output        how the output heads become the step, or null for the paper's linear output
 *                      ({@code outputScale * output}); not with a memory
 */
public record LstmArchitecture(int layers, int hidden, Preprocessing preprocessing, double outputScale,
                               // left out of JSON at their defaults: files written before they existed keep their bytes and checksums
                               @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean inputSkip,
                               @JsonInclude(JsonInclude.Include.NON_DEFAULT) int globalCells,
                               @JsonInclude(JsonInclude.Include.NON_NULL) LowRankMemory memory,
                               @JsonInclude(JsonInclude.Include.NON_NULL) StepOutput output) {

    public LstmArchitecture {
        if (layers < 1) throw new IllegalArgumentException("an LSTM optimizer needs at least one layer, got " + layers);
        if (hidden < 1) throw new IllegalArgumentException("an LSTM optimizer needs at least one hidden unit, got " + hidden);
        Objects.requireNonNull(preprocessing, "preprocessing");
        if (!Double.isFinite(outputScale) || outputScale == 0)
            throw new IllegalArgumentException("output scale must be finite and non-zero, got " + outputScale);
        if (globalCells < 0 || globalCells > hidden)
            throw new IllegalArgumentException("global averaging cells must be between 0 and the " + hidden
                    + " units of a layer, got " + globalCells);
        if (output != null && memory != null)
            throw new IllegalArgumentException("an output parametrization and a memory do not combine: the memory's read is the step's");
        if (output != null && !preprocessing.leadsWithAdamDirection())
            throw new IllegalArgumentException(output + " corrects Adam's step, so it needs a preprocessing whose first "
                    + "feature is Adam's direction (adam-timescales), not " + preprocessing);
        if (output != null && output.readsStepCount() && preprocessing.stepEmbedding() == null)
            throw new IllegalArgumentException(output + " warms up over the first steps, so it needs a preprocessing whose "
                    + "features embed the step count (adam-timescales with a step scale), not " + preprocessing);
    }

    public LstmArchitecture(int layers, int hidden, Preprocessing preprocessing, double outputScale, boolean inputSkip,
                            int globalCells, LowRankMemory memory) {
        this(layers, hidden, preprocessing, outputScale, inputSkip, globalCells, memory, null);
    }

    public LstmArchitecture(int layers, int hidden, Preprocessing preprocessing, double outputScale, boolean inputSkip) {
        this(layers, hidden, preprocessing, outputScale, inputSkip, 0, null);
    }

    /** The paper's form: no linear path from the inputs. */
    public LstmArchitecture(int layers, int hidden, Preprocessing preprocessing, double outputScale) {
        this(layers, hidden, preprocessing, outputScale, false);
    }

    /** The paper's set-up: 2 layers of 20 units. */
    public static LstmArchitecture paper(Preprocessing preprocessing, double outputScale) {
        return new LstmArchitecture(2, 20, preprocessing, outputScale);
    }

    /** The paper's LSTM+GAC: 2 layers of 20 units, 5 of them global averaging cells. */
    public static LstmArchitecture paperGac(Preprocessing preprocessing, double outputScale) {
        return new LstmArchitecture(2, 20, preprocessing, outputScale, false, 5, null);
    }

    /** The paper's NTM-L-BFGS: the LSTM+GAC controller with one read and three write heads. */
    public static LstmArchitecture paperNtm(Preprocessing preprocessing, double outputScale, int window) {
        return new LstmArchitecture(2, 20, preprocessing, outputScale, false, 5, new LowRankMemory(window, 3));
    }

    /** "lstm", "lstm-gac" or "ntm-lbfgs", as the command line names them. */
    public String kind() {
        return memory != null ? "ntm-lbfgs" : globalCells > 0 ? "lstm-gac" : "lstm";
    }

    /** Columns of the linear output: the step, then the memory's read and write vectors; or the output's heads. */
    int outputs() {
        return output != null ? output.heads() : 1 + (memory == null ? 0 : memory.headOutputs());
    }

    /** Outputs the input skip reaches: the step, with a memory the read vector too, or every head of the output. */
    int skipOutputs() {
        return output != null ? output.heads() : memory == null ? 1 : 2;
    }

    int inputSize(int layer) {
        return layer == 0 ? preprocessing.inputSize() + (memory == null ? 0 : 1) : hidden;
    }

    /** Number of meta-parameters phi. */
    public int parameterCount() {
        int count = 0;
        for (int l = 0; l < layers; l++) count += (inputSize(l) + hidden + 1) * 4 * hidden;
        return count + (hidden + 1) * outputs() + (inputSkip ? preprocessing.inputSize() * skipOutputs() : 0);
    }

    /** FLOPs and state per parameter of one deployed step, by part (see {@link StepCost} for what is counted). */
    public StepCost stepCost() {
        return StepCost.of(this);
    }

    /** Per-coordinate state planes: h and c of every layer, then the preprocessing's own, then the memory's. */
    public int statePlanes() {
        return 2 * layers * hidden + preprocessing.statePlanes() + (memory == null ? 0 : memory.statePlanes());
    }
}
