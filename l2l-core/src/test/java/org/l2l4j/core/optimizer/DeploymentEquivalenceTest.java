package org.l2l4j.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFileTest;
import org.l2l4j.core.host.Block;
import org.l2l4j.core.metatrain.MetaTrainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The deployment step (what DL4J runs) and the training forward (what is differentiated) agree bit for bit. */
class DeploymentEquivalenceTest {

    @ParameterizedTest
    @CsvSource({"FLOAT,log-sign,lstm,37", "DOUBLE,log-sign,lstm,37", "FLOAT,moments,lstm,37", "DOUBLE,moments,lstm,37",
            "FLOAT,moments-skip,lstm,37", "DOUBLE,moments-skip,lstm,37", "FLOAT,log-sign,lstm-gac,37",
            "DOUBLE,moments-skip,lstm-gac,37", "FLOAT,none,ntm-lbfgs,37", "FLOAT,none-skip,ntm-lbfgs,37", "DOUBLE,moments-skip,ntm-lbfgs,37",
            "FLOAT,moments-gradient-skip,lstm,37", "DOUBLE,moments-rprop-skip,lstm,37", "FLOAT,moments-rprop-packed-skip,lstm,37",
            "FLOAT,adam-timescales-skip,adam-correction,37", "DOUBLE,adam-timescales,adam-scaling,37",
            "FLOAT,adam-timescales-skip,adam-correction,1061", "FLOAT,adam-timescales-skip,adam-warm-up,37",
            "DOUBLE,adam-timescales,adam-warm-up,1061",
            // more coordinates than a chunk of the layer holds, the last chunk partial
            "FLOAT,log-sign,lstm-gac,1061", "FLOAT,moments-skip,ntm-lbfgs,1061"})
    void deployedStepsEqualTheRecordedTrainingSteps(DataType type, String preprocessing, String kind, int n) {
        var arch = TestArchitectures.architecture(preprocessing, kind);
        var config = new MetaTrainingConfig(arch, 1, 2, 10, 5, 1e-3, MetaTrainingConfig.Schedule.CONSTANT, 0, MetaObjective.SUM, 2, 1, 1.0, 0.5, 4, type);
        INDArray phi = MetaTrainer.initialWeights(config).castTo(type).reshape(1, arch.parameterCount());
        phi.addi(TestArchitectures.jitter(arch, 0.2, type));   // every weight in play, skip included
        int steps = 5;   // more steps than the memory's window
        var random = new java.util.SplittableRandom(8);
        var unroll = new LstmUnroll(arch, n, n, steps, type);
        INDArray planes = Nd4j.zeros(type, n, arch.statePlanes()).dup('f');
        unroll.begin(planes);
        var p = new LstmParameters(arch, phi);
        var deployed = new TrainedOptimizer(arch, phi.toDoubleVector(), TrainedOptimizerFileTest.sample().provenance())
                .deploy(Nd4j.zeros(type, n, arch.statePlanes()).dup('f'));
        for (int t = 0; t < steps; t++) {
            INDArray g = Nd4j.create(random.doubles(n, -3, 3).toArray(), new long[]{n, 1}, DataType.DOUBLE).castTo(type).dup('f');
            INDArray trained = Nd4j.zeros(type, n, 1).dup('f');
            unroll.forward(p, g, Block.of(trained));
            INDArray out = g.dup('f');
            deployed.step(out, out);   // in place, as the DL4J updater does
            assertArrayEquals(trained.toDoubleVector(), out.toDoubleVector(), 0.0, "step " + t);
        }
    }
}
