/**
 * Meta-trained optimizers in DeepLearning4J. {@link org.l2l4j.dl4j.LearnedUpdater} is the updater users
 * configure ({@code .updater(new LearnedUpdater(zoo("mnist")))}); {@link org.l2l4j.dl4j.OptimizerResolver} is
 * the service through which jars that publish optimizers (l2l-zoo) let configurations reference them by id.
 */
package org.l2l4j.dl4j;
