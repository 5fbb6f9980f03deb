/**
 * The paper's neural-art problems (section 3.4): {@link org.l2l4j.core.problem.art.NeuralArtFamily} optimizes the
 * pixels of a styled image for a content image (a {@link org.l2l4j.core.problem.art.ContentCrops} crop of a
 * photograph) and one style image, in the features of a fixed {@link org.l2l4j.core.problem.art.FeatureNetwork};
 * images are {@link org.l2l4j.core.problem.art.RgbImage}s. The loss and its gradient to the pixels are computed by
 * a package-private im2col and OpenBLAS kernel, checked against SameDiff's automatic differentiation and finite
 * differences.
 *
 * <p>Public: the family, the images, the crops and the feature network (the command line builds them, and a user
 * with trained weights builds a network from them).
 */
package org.l2l4j.core.problem.art;
