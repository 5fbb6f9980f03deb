package org.l2l4j.dl4j;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TrainDeployEquivalenceTest} with the ND4J kernel both in DL4J and in the rollout rule: bit for bit again. */
@ExtendWith(OnNd4jKernel.class)
class TrainDeployEquivalenceOnNd4jKernelTest extends TrainDeployEquivalenceTest {}
