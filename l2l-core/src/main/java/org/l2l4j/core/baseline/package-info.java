/**
 * The hand-designed optimizers every comparison tunes and runs (DESIGN section 5): ND4J's SGD, Nesterov
 * momentum, RMSprop, Adam, AdaDelta and AdaGrad, and {@link org.l2l4j.core.baseline.Rprop} (Torch7's iRprop-), which
 * ND4J lacks, as an ordinary {@code IUpdater} DL4J networks can use too; {@link org.l2l4j.core.baseline.BaselineRule}
 * runs any of them as a {@link org.l2l4j.core.problem.StepRule}, and {@link org.l2l4j.core.baseline.LearningRateGrid} is
 * the paper's grid of learning rates.
 *
 * <p>Public: all but Rprop's GradientUpdater.
 */
package org.l2l4j.core.baseline;
