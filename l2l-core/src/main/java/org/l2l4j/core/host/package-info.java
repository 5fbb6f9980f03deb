/**
 * What every kernel stands on: {@link org.l2l4j.core.host.Block} (a column-major matrix in host memory, addressable
 * by BLAS and by plain loops), {@link org.l2l4j.core.host.Raw} (element access and copies by address),
 * {@link org.l2l4j.core.host.Blas} (GEMM straight to OpenBLAS, without ND4J's per-op cost),
 * {@link org.l2l4j.core.host.HostMemory} (where an ND4J array lies; per-coordinate planes), and thread settings.
 *
 * <p>Public because the optimizer kernel, the problem families and the meta-trainer, in three packages, all use
 * it; it is not an API for users.
 */
package org.l2l4j.core.host;
