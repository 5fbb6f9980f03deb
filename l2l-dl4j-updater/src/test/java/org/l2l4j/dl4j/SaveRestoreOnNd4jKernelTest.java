package org.l2l4j.dl4j;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SaveRestoreTest} on the ND4J kernel (the new JVM too): restored training continues bit for bit. */
@ExtendWith(OnNd4jKernel.class)
class SaveRestoreOnNd4jKernelTest extends SaveRestoreTest {}
