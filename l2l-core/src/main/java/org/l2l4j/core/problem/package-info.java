/**
 * Optimization problems f and how an optimizer meets them. A {@link org.l2l4j.core.problem.ProblemFamily} draws
 * instances by seed ({@link org.l2l4j.core.problem.Seeds}: meta-training, validation, tuning and test instances never
 * coincide) as a {@link org.l2l4j.core.problem.ProblemBatch} evaluated in one computation; any optimizer, learned or
 * not, is a {@link org.l2l4j.core.problem.StepRule}; {@link org.l2l4j.core.problem.Rollout} runs one on a batch and
 * records a {@link org.l2l4j.core.problem.LossCurve}. A batch may split each instance's coordinates into named
 * {@link org.l2l4j.core.problem.ParameterGroups}, each with an optimizer of its own (paper section 3.3).
 *
 * <p>Families: the paper's quadratics ({@link org.l2l4j.core.problem.QuadraticFamily}, section 3.1), MLPs on a
 * labelled data set ({@link org.l2l4j.core.problem.MlpFamily}, section 3.2, with the data set aside by purpose in a
 * {@link org.l2l4j.core.problem.Split} and minibatches fixed per instance and step by
 * {@link org.l2l4j.core.problem.MinibatchSchedule}), and Lv et al.'s {@link org.l2l4j.core.problem.RandomScaling} of any
 * family; neural art (section 3.4) in {@link org.l2l4j.core.problem.art}. DL4J networks are families too, in
 * l2l-dl4j-updater.
 *
 * <p>Public: all of it; the command line and the DL4J module build on it.
 */
package org.l2l4j.core.problem;
