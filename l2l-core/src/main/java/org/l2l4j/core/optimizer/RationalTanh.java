package org.l2l4j.core.optimizer;

/**
 * tanh and the logistic sigmoid in float without an exponential: tanh(x) = x P(x^2) / Q(x^2) on [-9, 9],
 * a rational minimax fit made for this project (relative error 2e-11 in exact arithmetic; within 7 ulp
 * of tanh, and the sigmoid within 2.5e-7, once evaluated in float). Only +, *, /, min and max, so HotSpot
 * compiles a loop of them into SIMD code, where Math.exp stays one scalar call per element (measured:
 * 0.4 against 6 ns per element).
 */
final class RationalTanh {
    private RationalTanh() {}

    // Beyond 9, tanh is 1 to within float rounding; clamping also keeps x^9 finite.
    private static final float LIMIT = 9f;
    private static final float P0 = 0.99999999994884636f, P1 = 0.13350459702546849f, P2 = 0.0034591153930792358f,
            P3 = 2.00097217939402e-05f, P4 = 1.2541142500449307e-08f;
    private static final float Q1 = 0.46683792317014688f, Q2 = 0.025738582926274397f, Q3 = 0.00032259208699237605f,
            Q4 = 7.4392118120321088e-07f;

    static float tanh(float x) {
        float y = Math.max(-LIMIT, Math.min(LIMIT, x));
        float y2 = y * y;
        float p = y * (P0 + y2 * (P1 + y2 * (P2 + y2 * (P3 + y2 * P4))));
        float q = 1f + y2 * (Q1 + y2 * (Q2 + y2 * (Q3 + y2 * Q4)));
        return p / q;
    }

    /** 1 / (1 + e^-x) = (1 + tanh(x / 2)) / 2 */
    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }
}
