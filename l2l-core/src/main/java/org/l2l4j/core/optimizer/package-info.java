/**
 * The optimizer network of the paper, m in theta_{t+1} = theta_t + g_t, [g_t; h_{t+1}] = m(grad_t, h_t; phi)
 * (equation 1 and section 2.1): one small network applied to every coordinate, the same weights phi, one
 * hidden state per coordinate, all n coordinates of a parameter set computed at once.
 *
 * <p>The paper's parts, file by file:
 * <ul>
 *   <li>{@link org.l2l4j.core.optimizer.LstmArchitecture}: the three architectures (section 2.1; LSTM+GAC and
 *       NTM-L-BFGS of section 2.2 and appendix B) as one record with options;</li>
 *   <li>{@link org.l2l4j.core.optimizer.Preprocessing}: how a gradient coordinate becomes the input (appendix A's
 *       log-sign, and the moment features that are not in the paper);</li>
 *   <li>{@code CoordinatewiseLstm}: one LSTM layer and the linear output, the forward pass of m;</li>
 *   <li>{@code GlobalAveraging}: the global averaging cells (section 2.2);</li>
 *   <li>{@link org.l2l4j.core.optimizer.LowRankMemory} and {@code MemoryAccess}: the NTM-L-BFGS memory (appendix B);</li>
 *   <li>{@link org.l2l4j.core.optimizer.LstmUnroll}: the forward steps recorded and back-propagated through, the
 *       solid edges of figure 2 (BPTT through m alone);</li>
 *   <li>{@link org.l2l4j.core.optimizer.LstmStep}: the same forward pass as a deployed optimizer, state in place.</li>
 * </ul>
 * The deployed step has a second kernel, {@link org.l2l4j.core.optimizer.Nd4jLstmStep}: the same step from ND4J
 * operations only, for arrays outside host memory (a GPU under ND4J-CUDA), with {@code Nd4jLstmLayer},
 * {@code Nd4jPreprocessing}, {@code Nd4jMemoryAccess}, {@code Nd4jParameters} and {@code Nd4jViews};
 * {@link org.l2l4j.core.optimizer.StepKernel} chooses between the two and
 * {@link org.l2l4j.core.optimizer.OptimizerStep} is what either deploys.
 * The rest is plumbing: {@code CellArithmetic} with {@code FloatCell} and {@code DoubleCell} (the gate arithmetic
 * in vectorizable loops), {@code RationalTanh} (tanh and sigmoid without exp), {@code LayerWorkspace} (scratch),
 * {@link org.l2l4j.core.optimizer.LstmParameters} (phi as named blocks), {@code LstmState} (the state planes), and
 * {@link org.l2l4j.core.optimizer.InitialWeights}.
 *
 * <p>Public: the architecture, preprocessing and memory records (users and files name them), and what the
 * meta-trainer and the trained optimizer drive: {@code LstmParameters}, {@code LstmStep}, {@code LstmUnroll},
 * {@code InitialWeights}, and the kernel choice: {@code StepKernel}, {@code OptimizerStep}, {@code Nd4jLstmStep}. The kernel itself stays package-private.
 */
package org.l2l4j.core.optimizer;
