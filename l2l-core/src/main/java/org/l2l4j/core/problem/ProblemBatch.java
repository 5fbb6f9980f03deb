package org.l2l4j.core.problem;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Several instances of one problem family evaluated together. The parameters of all instances are
 * one column (instances x dimension rows, instance after instance), so an optimizer sees a single
 * set of coordinates and one GEMM serves every instance.
 */
public interface ProblemBatch {

    int instances();

    /** Coordinates per instance. */
    long dimension();

    /** A fresh copy of the initial parameters theta_0, (instances * dimension) x 1. */
    INDArray initialParameters();

    /**
     * Loss of each instance (written to {@code losses}, instances x 1) and the gradient (written to
     * {@code gradient}, same shape as theta) at theta. {@code step} numbers the evaluations of one
     * run from 0, so stochastic problems draw the same minibatch at the same step for every optimizer.
     */
    void evaluate(int step, INDArray theta, INDArray losses, INDArray gradient);

    /**
     * How each instance's coordinates split into groups with an optimizer each (the same for every instance):
     * by default one group of all of them.
     */
    default ParameterGroups groups() {
        return ParameterGroups.single(dimension());
    }
}
