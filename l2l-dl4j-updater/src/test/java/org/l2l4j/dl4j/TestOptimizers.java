package org.l2l4j.dl4j;

import java.util.Map;
import java.util.SplittableRandom;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.optimizer.LowRankMemory;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.optimizer.StepOutput;

/** Optimizers with seeded random weights: the same in every JVM, so a child process can resolve them too. */
final class TestOptimizers {
    private TestOptimizers() {}

    /** The paper's 2 x 20 LSTM with log-sign inputs: K = 80 state planes. */
    static final LstmArchitecture PAPER = LstmArchitecture.paper(new Preprocessing.LogSign(10), 0.1);
    /** A small one: 1 x 4 LSTM, K = 8. */
    static final LstmArchitecture SMALL = new LstmArchitecture(1, 4, new Preprocessing.LogSign(10), 0.05);

    static TrainedOptimizer random(LstmArchitecture arch, long seed) {
        var rng = new SplittableRandom(seed);
        double[] w = new double[arch.parameterCount()];
        for (int i = 0; i < w.length; i++) w[i] = 0.3 * rng.nextGaussian();
        var provenance = new Provenance("test", Map.of("seed", (int) seed), MetaTrainingConfig.quadraticDefaults(), 0, 0,
                0.0, "test", "2024-01-01T00:00:00Z", 0.0);
        return new TrainedOptimizer(arch, w, provenance);
    }

    /** Published by {@link TestZoo} as "test-paper". */
    static TrainedOptimizer zooPaper() { return random(PAPER, 1); }

    /** Published by {@link TestZoo} as "test-small". */
    static TrainedOptimizer zooSmall() { return random(SMALL, 2); }

    /** In no zoo: LearnedUpdaters embed it. */
    static TrainedOptimizer ownPaper() { return random(PAPER, 3); }

    static TrainedOptimizer ownSmall() { return random(SMALL, 4); }

    /** Stateful inputs (moments: 3 more planes) and the linear input path, as the zoo's mnist entry; K = 11. */
    static TrainedOptimizer ownMoments() {
        return random(new LstmArchitecture(1, 4, new Preprocessing.Moments(0.95, 1e-8), 0.05, true), 6);
    }

    /** LSTM+GAC: 2 layers of 5 units, 2 of them global averaging cells. */
    static TrainedOptimizer ownGac() {
        return random(new LstmArchitecture(2, 5, new Preprocessing.LogSign(10), 0.05, false, 2, null), 7);
    }

    /**
     * A corrected Adam (the generalist's form): adam-timescales inputs (three momenta, v and the step count: 5 more
     * planes), the input path, both heads; K = 2 x 2 x 5 + 5 = 25.
     */
    static TrainedOptimizer ownGeneral() {
        return random(new LstmArchitecture(2, 5, Preprocessing.AdamTimescales.standard(), 1e-2, true, 0, null,
                new StepOutput.AdamCorrection(2, 1)), 9);
    }

    /**
     * NTM-L-BFGS with a window of 3 steps (shorter than the tests' runs, so the window wraps) and the input path
     * to the step and the read vector, as the zoo's quadratic-ntm.
     */
    static TrainedOptimizer ownNtm() {
        return random(new LstmArchitecture(2, 5, new Preprocessing.LogSign(10), 0.05, true, 2, new LowRankMemory(3, 3)), 8);
    }
}
