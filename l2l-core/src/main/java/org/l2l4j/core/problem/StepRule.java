package org.l2l4j.core.problem;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Any optimizer seen from the optimizee: given the gradient at step t, the change to make to the
 * parameters (theta_{t+1} = theta_t + step). Learned optimizers and hand-designed baselines alike.
 */
public interface StepRule {

    /**
     * @param gradient  n x 1, not modified
     * @param iteration 0 for the first step
     * @param step      n x 1, receives the change to add to theta
     */
    void propose(INDArray gradient, int iteration, INDArray step);
}
