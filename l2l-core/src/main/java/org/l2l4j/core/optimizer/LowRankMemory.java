package org.l2l4j.core.optimizer;

/**
 * The external memory of the NTM-L-BFGS optimizer (paper, appendix B), in its limited-memory form: a
 * memory M shared by the coordinates of a parameter set, kept as the sliding window of the last
 * {@code window} steps' write pairs, never as an n x n matrix.
 *
 * <p>Choices where appendix B leaves the form open, each made so that L-BFGS stays expressible:
 * <ul>
 *   <li>M = I + (1/N) sum over the window of a b^T, N the coordinates of the set. Starting from the identity
 *       is L-BFGS's H_0 = gamma I (gamma is the scale of the read vector); the 1/N makes every inner product a
 *       mean, so the rule does not change with the size of the set, as the global averaging cells' means
 *       (which give L-BFGS's 1/(y^T s)) do not.</li>
 *   <li>One read head: i_t = M_t r_t, with r_t produced coordinatewise by the controller and M_t the memory
 *       before this step's writes. The proposed step is outputScale * (direct output + i_t), so with the
 *       direct output at zero and r_t = -grad the step is the quasi-Newton step -M_t grad; r_t = -grad needs the
 *       architecture's input skip, which reaches r (the controller's state is bounded). i_t is also fed to
 *       the controller at the next step.</li>
 *   <li>{@code writeHeads} write heads: after the read each produces a pair (a_t, b_t), which replaces the
 *       pair written {@code window} steps earlier. Three heads are what a BFGS update of the inverse Hessian
 *       needs (H+ = H - rho s (Hy)^T - rho (Hy) s^T + (rho^2 y^T H y + rho) s s^T).</li>
 *   <li>Read and write vectors are linear in the controller's top hidden state (no squashing: L-BFGS's s and
 *       y are unbounded).</li>
 * </ul>
 * State per coordinate: 2 x writeHeads x window planes for the pairs, one for the last read result and one
 * for the slot to write next (the same value in every coordinate; no global scalar may live in DL4J's
 * updater state).
 *
 * @param window     steps of write pairs kept (L-BFGS's history length)
 * @param writeHeads write heads (the paper: 3)
 */
public record LowRankMemory(int window, int writeHeads) {

    public LowRankMemory {
        if (window < 1) throw new IllegalArgumentException("memory window must be at least one step, got " + window);
        if (writeHeads < 1) throw new IllegalArgumentException("memory needs at least one write head, got " + writeHeads);
    }

    /** Pairs held: one per write head and step of the window. */
    int pairs() { return window * writeHeads; }

    /** Per-coordinate state planes: a and b of every pair, the last read result, the next slot. */
    int statePlanes() { return 2 * pairs() + 2; }

    /** Controller outputs the memory needs per coordinate: the read vector r and each head's a and b. */
    int headOutputs() { return 1 + 2 * writeHeads; }
}
