package org.l2l4j.examples.suite;

import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;

/** What a trained network is judged by on held-out data: DL4J's own evaluations. */
public enum HeldOutMetric {
    /** Classification accuracy, higher is better. */
    ACCURACY("accuracy") {
        @Override double evaluate(Network network, Model net, DataSetIterator heldOut) {
            return network.evaluate(net, heldOut, new Evaluation()).accuracy();
        }
    },
    /** Mean squared error averaged over the output columns (and time steps), lower is better. */
    MSE("mse") {
        @Override double evaluate(Network network, Model net, DataSetIterator heldOut) {
            return network.evaluate(net, heldOut, new RegressionEvaluation()).averageMeanSquaredError();
        }
    };

    private final String id;

    HeldOutMetric(String id) { this.id = id; }

    public String id() { return id; }

    abstract double evaluate(Network network, Model net, DataSetIterator heldOut);

    /** Accuracy for a softmax/cross-entropy output, MSE otherwise. */
    public static HeldOutMetric infer(Network network) {
        List<Layer> outputs = network.outputLayers();
        boolean classifier = !outputs.isEmpty() && outputs.stream().allMatch(l -> l instanceof BaseOutputLayer o
                && (o.getLossFn() instanceof LossMCXENT || o.getLossFn() instanceof LossNegativeLogLikelihood));
        return classifier ? ACCURACY : MSE;
    }

    public static HeldOutMetric byId(String id) {
        for (HeldOutMetric m : values()) if (m.id.equals(id.trim().toLowerCase(Locale.ROOT))) return m;
        throw new IllegalArgumentException("unknown held-out metric '" + id + "': accuracy or mse");
    }
}
