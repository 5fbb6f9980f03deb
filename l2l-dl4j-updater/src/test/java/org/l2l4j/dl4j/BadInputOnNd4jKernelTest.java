package org.l2l4j.dl4j;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link BadInputTest} on the ND4J kernel, whose non-finite check is an ND4J count instead of a host loop. */
@ExtendWith(OnNd4jKernel.class)
class BadInputOnNd4jKernelTest extends BadInputTest {}
