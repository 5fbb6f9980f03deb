/**
 * The trained optimizer as an artefact: {@link org.l2l4j.core.TrainedOptimizer} (architecture, weights phi,
 * provenance) or, for optimizers meta-trained together on the parameter groups of a problem,
 * {@link org.l2l4j.core.GroupedOptimizer} (with its file {@link org.l2l4j.core.GroupedOptimizerFile}); the recipe that made it ({@link org.l2l4j.core.MetaTrainingConfig}, {@link org.l2l4j.core.MetaObjective},
 * recorded in its {@link org.l2l4j.core.Provenance}) and its file ({@link org.l2l4j.core.TrainedOptimizerFile}, in the
 * checksummed container {@link org.l2l4j.core.ChecksummedFile} that meta-training checkpoints share).
 *
 * <p>Packages of l2l-core, from the bottom up (each uses only those before it, and this one):
 * <ul>
 *   <li>{@link org.l2l4j.core.host}: column-major blocks of host memory, BLAS, thread settings;</li>
 *   <li>{@link org.l2l4j.core.problem}: optimization problems f and how any optimizer is run on them;</li>
 *   <li>{@link org.l2l4j.core.baseline}: the hand-designed optimizers compared against (Rprop's constants also
 *       feed a preprocessing);</li>
 *   <li>{@link org.l2l4j.core.optimizer}: the paper's optimizer network m(grad, h; phi), forward and backward;</li>
 *   <li>this package: the trained optimizer, its recipe and file;</li>
 *   <li>{@link org.l2l4j.core.metatrain}: meta-training by truncated BPTT.</li>
 * </ul>
 * The recipe sits here rather than in {@code metatrain} because the provenance records it: so the artefact
 * does not depend on the trainer, and the packages form no cycle.
 *
 * <p>Public: everything here; other modules (the DL4J updater, the zoo, the command line) use all of it.
 */
package org.l2l4j.core;
