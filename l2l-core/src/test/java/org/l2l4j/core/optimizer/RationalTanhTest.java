package org.l2l4j.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RationalTanhTest {

    @Test
    void tanhIsWithinSevenUlpOfTheExactOneEverywhere() {
        double worst = 0;
        float worstAt = 0;
        for (int k = -2_000_000; k <= 2_000_000; k++) {   // [-20, 20] in steps of 1e-5
            float x = k * 1e-5f;
            double exact = Math.tanh(x);
            double ulps = Math.abs(RationalTanh.tanh(x) - exact) / Math.ulp((float) exact);
            if (ulps > worst) {
                worst = ulps;
                worstAt = x;
            }
        }
        assertTrue(worst <= 7, "tanh off by " + worst + " ulp at " + worstAt);
        for (float tiny : new float[]{1e-30f, -1e-20f, 1e-10f, Float.MIN_NORMAL})
            assertEquals(tiny, RationalTanh.tanh(tiny), Math.ulp(tiny), "tanh(x) = x for tiny x");
    }

    @Test
    void sigmoidIsWithinAQuarterMillionthAndSaturates() {
        double worst = 0;
        for (int k = -4_000_000; k <= 4_000_000; k++) {
            float x = k * 1e-5f;
            worst = Math.max(worst, Math.abs(RationalTanh.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        assertTrue(worst <= 2.5e-7, "sigmoid off by " + worst);
        assertEquals(1f, RationalTanh.sigmoid(Float.MAX_VALUE));
        assertEquals(0f, RationalTanh.sigmoid(-Float.MAX_VALUE));
        assertEquals(1f, RationalTanh.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, RationalTanh.tanh(Float.NEGATIVE_INFINITY));
    }

    @Test
    void nanStaysNan() {
        // a NaN must reach the state's finiteness checks, not be clamped into a plausible value
        assertTrue(Float.isNaN(RationalTanh.tanh(Float.NaN)));
        assertTrue(Float.isNaN(RationalTanh.sigmoid(Float.NaN)));
    }
}
