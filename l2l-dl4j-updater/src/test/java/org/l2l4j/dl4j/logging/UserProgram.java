package org.l2l4j.dl4j.logging;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.dl4j.LearnedUpdater;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.LoggerFactory;

/**
 * A DL4J user's program, run by {@link HostLoggingTest} in a JVM whose class path is the user's: DL4J, l2l4j and the
 * user's own logging back end (logback), nothing of l2l4j's tests. It trains a network with a LearnedUpdater and logs.
 */
public final class UserProgram {
    private UserProgram() {}

    public static void main(String[] args) {
        var arch = new LstmArchitecture(1, 4, new Preprocessing.LogSign(10), 0.05);
        var provenance = new Provenance("test", java.util.Map.of(), MetaTrainingConfig.quadraticDefaults(), 0, 0, 0.0, "test",
                "2024-01-01T00:00:00Z", 0.0);
        var optimizer = new TrainedOptimizer(arch, new double[arch.parameterCount()], provenance);
        var conf = new NeuralNetConfiguration.Builder().seed(1).updater(new LearnedUpdater(optimizer)).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(2).activation(Activation.IDENTITY).build())
                .build();
        var net = new MultiLayerNetwork(conf);
        net.init();
        net.fit(Nd4j.rand(8, 3), Nd4j.rand(8, 2));
        LoggerFactory.getLogger("user").info("a line from the user's program");
        System.out.println("logger factory: " + LoggerFactory.getILoggerFactory().getClass().getName());
    }
}
