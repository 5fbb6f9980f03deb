package org.l2l4j.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The cost model against counts made by hand from the kernel's code (numbers written out, not the formula). */
class StepCostTest {

    @Test
    void aTanhIs21FlopsAndAnLstmUnit122() {
        // clamp (min, max), y^2, y (P0 + y^2 (P1 + ... P4)): 4 multiply-adds and the y, 1 + y^2 (...): 4 multiply-adds,
        // the division: 2 + 1 + 9 + 8 + 1
        assertEquals(21, StepCost.TANH_FLOPS);
        // bias adds 4, sigmoid i, f, o 3 x 24, tanh g and tanh c 2 x 21, c = f c + i g 3, h = o tanh c 1
        assertEquals(4 + 72 + 42 + 3 + 1, StepCost.CELL_FLOPS);
    }

    @Test
    void thePapers2x20LstmOnTheRawGradient() {
        StepCost cost = LstmArchitecture.paper(new Preprocessing.Identity(), 1.0).stepCost();
        assertEquals(2 * 21 * 80 + 2 * 40 * 80, cost.gemm());   // [g, h0] (21) and [h0, h1] (40) times 80 gate columns
        assertEquals(9760, cost.gemm());
        assertEquals(40 * 122, cost.cells());
        assertEquals(2 * 20 + 1 + 1, cost.output());             // h1 Wo, + bo, * outputScale
        assertEquals(0, cost.preprocessing());
        assertEquals(0, cost.memory());
        assertEquals(14682, cost.flopsPerParameter());
        assertEquals(80, cost.stateFloats());                    // h and c of 2 layers of 20
    }

    @Test
    void thePapers2x20LstmWithLogSignInputs() {
        StepCost cost = LstmArchitecture.paper(new Preprocessing.LogSign(10), 0.1).stepCost();
        assertEquals(2 * 22 * 80 + 2 * 40 * 80, cost.gemm());
        assertEquals(7, cost.preprocessing());                   // abs, log, / p, max; e^p x, min, max
        assertEquals(9920 + 4880 + 42 + 7, cost.flopsPerParameter());
        assertEquals(80, cost.stateFloats());
    }

    @Test
    void theMnistRecipe2x20WithMomentsRpropInputsAndTheInputSkip() {
        var arch = new LstmArchitecture(2, 20, new Preprocessing.MomentsAndRprop(0.95, 1e-8, 100), 0.4, true);
        StepCost cost = arch.stepCost();
        assertEquals(2 * 25 * 80 + 2 * 40 * 80, cost.gemm());
        assertEquals(42 + 2 * 5, cost.output());                 // the skip: 5 features to the step
        // moments 16 (m 3, v 4, w 2, sqrt(v/w)+eps 3, two features 3, m/w 1), momentum and gradient x 100 (2), Rprop 6
        assertEquals(16 + 2 + 6, cost.preprocessing());
        assertEquals(10400 + 4880 + 52 + 24, cost.flopsPerParameter());
        assertEquals(2 * 2 * 20 + 5, cost.stateFloats());        // 85: LSTM h and c, m, v, w, Rprop's g_prev and step
    }

    @Test
    void oneLayerOf8UnitsWithTheSameInputs() {
        var arch = new LstmArchitecture(1, 8, new Preprocessing.MomentsAndRprop(0.95, 1e-8, 100), 0.4, true);
        StepCost cost = arch.stepCost();
        assertEquals(2 * (5 + 8) * 32, cost.gemm());
        assertEquals(8 * 122, cost.cells());
        assertEquals(2 * 8 + 1 + 1 + 2 * 5, cost.output());
        assertEquals(832 + 976 + 28 + 24, cost.flopsPerParameter());
        assertEquals(2 * 8 + 5, cost.stateFloats());
    }

    @Test
    void thePackedRpropStateIsOnePlaneLessForOneOperationMore() {
        var arch = new LstmArchitecture(1, 10, new Preprocessing.MomentsAndPackedRprop(0.95, 1e-8, 100), 0.4, true);
        StepCost cost = arch.stepCost();
        assertEquals(16 + 2 + 7, cost.preprocessing());
        assertEquals(2 * 10 + 4, cost.stateFloats());            // 24: h and c of 10 units, m, v, w, the packed Rprop plane
    }

    @Test
    void theGeneralistRecipe2x10WithAdamTimescalesAndTheAdamCorrection() {
        var arch = new LstmArchitecture(2, 10, Preprocessing.AdamTimescales.standard(), 1e-3, true, 0, null,
                new StepOutput.AdamCorrection(3, 1));
        StepCost cost = arch.stepCost();
        assertEquals(2 * (7 + 10) * 40 + 2 * (10 + 10) * 40, cost.gemm());   // 3 momenta, the gradient, 3 step embeddings
        assertEquals(20 * 122, cost.cells());
        // 2 heads: h1 Wo (2 x 10 each) and a bias each; tanh, x bound, exp, x -d; tanh, x bound, +; x scale; the skip 7 x 2
        assertEquals(2 * 20 + 2 + (4 + 3 + 1) + 2 * 7 * 2, cost.output());
        // t (1), v (4), sqrt v + eps (2), 3 momenta (3 each) and their features (2 each), the gradient's feature (2)
        assertEquals(1 + 4 + 2 + 3 * 5 + 2, cost.preprocessing());
        assertEquals(2960 + 2440 + 78 + 24, cost.flopsPerParameter());
        assertEquals(2 * 2 * 10 + 5, cost.stateFloats());        // 45: h and c, 3 momenta, v, t
        var scaling = new LstmArchitecture(2, 10, Preprocessing.AdamTimescales.standard(), 1e-3, false, 0, null,
                new StepOutput.AdamCorrection(3, 0)).stepCost();
        assertEquals(2 * 10 + 1 + (4 + 1), scaling.output());    // one head, no skip: tanh, x bound, exp, x -d; x scale
    }

    @Test
    void globalCellsAndTheMemoryAddTheirShare() {
        var gac = LstmArchitecture.paperGac(new Preprocessing.Identity(), 1.0).stepCost();
        assertEquals(40 * 122 + 2 * 5, gac.cells());             // one add per global cell for its mean
        var ntm = LstmArchitecture.paperNtm(new Preprocessing.Identity(), 1.0, 5).stepCost();
        assertEquals(2 * (1 + 1 + 20) * 80 + 2 * 40 * 80, ntm.gemm());   // the read result is an input
        // 8 head columns (step, r, a and b of 3 heads): 2 x 20 each and a bias; the scale; direct step + read
        assertEquals(8 * 40 + 8 + 1 + 1, ntm.output());
        assertEquals(4 * 15, ntm.memory());                      // 15 pairs: a dot product and an axpy each
        assertEquals(80 + 2 * 15 + 2, ntm.stateFloats());
    }
}
