package org.l2l4j.dl4j;

import java.io.File;
import java.io.IOException;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Restores a saved network (with its updater state), trains it on minibatches [from, to) of
 * {@link Nets#batch} and writes its parameters: the second half of an interrupted run, run in a fresh
 * JVM by {@link SaveRestoreTest}. Arguments: model file, "mln" or "graph", from, to, parameter file.
 */
public final class ContinueTraining {
    public static void main(String[] args) throws IOException {
        File model = new File(args[0]);
        Model net = continueTraining(model, args[1].equals("mln"), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        Nd4j.saveBinary(net.params(), new File(args[4]));
    }

    static Model continueTraining(File model, boolean mln, int from, int to) throws IOException {
        Model net = mln ? ModelSerializer.restoreMultiLayerNetwork(model, true)
                : ModelSerializer.restoreComputationGraph(model, true);
        fit(net, from, to);
        return net;
    }

    static void fit(Model net, int from, int to) {
        for (int t = from; t < to; t++) {
            var data = Nets.batch(t, net.params().dataType());
            if (net instanceof MultiLayerNetwork m) m.fit(data);
            else ((ComputationGraph) net).fit(data);
        }
    }
}
