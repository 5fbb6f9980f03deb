package org.l2l4j.examples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.conf.updater.AdamSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.task.MultiLayerNetworkTaskCreator;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.l2l4j.dl4j.LearnedUpdater;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** LearnedUpdaterSpace in a real Arbiter search of a user's MultiLayerSpace, beside AdamSpace. */
class LearnedUpdaterSpaceTest {

    /** 48 digits to train on, in minibatches of 16, and 32 held out. */
    record Digits48() implements DataProvider {
        @Override public DataSetIterator trainData(Map<String, Object> p) {
            return new Bounded(TinyTasks.digits().data().train(1), 6);
        }

        @Override public DataSetIterator testData(Map<String, Object> p) { return TinyTasks.digits().data().heldOut(); }

        @Override public Class<?> getDataType() { return DataSetIterator.class; }
    }

    /** Held-out loss, recording the updaters (hidden layer, output layer) every candidate network was trained with. */
    record RecordingLoss(Set<List<IUpdater>> seen) implements ScoreFunction {
        @Override public double score(Object model, DataProvider data, Map<String, Object> p) {
            var net = (MultiLayerNetwork) model;
            seen.add(List.of(((BaseLayer) net.getLayer(0).conf().getLayer()).getIUpdater(),
                    ((BaseLayer) net.getLayer(1).conf().getLayer()).getIUpdater()));
            return net.score(((DataSetIterator) data.testData(p)).next());
        }

        @Override public double score(Object model, Class<? extends DataSource> c, java.util.Properties p) {
            throw new UnsupportedOperationException();
        }

        @Override public boolean minimize() { return true; }

        @Override public List<Class<?>> getSupportedModelTypes() { return List.of(MultiLayerNetwork.class); }

        @Override public List<Class<?>> getSupportedDataTypes() { return List.of(DataSetIterator.class); }
    }

    private static Set<List<IUpdater>> search(MultiLayerSpace space, int candidates) {
        Set<List<IUpdater>> seen = ConcurrentHashMap.newKeySet();
        var config = new OptimizationConfiguration.Builder()
                .candidateGenerator(new GridSearchCandidateGenerator(space, 2, GridSearchCandidateGenerator.Mode.Sequential, null))
                .dataProvider(new Digits48())
                .scoreFunction(new RecordingLoss(seen))
                .terminationConditions(new MaxCandidatesCondition(candidates), new MaxTimeCondition(10, TimeUnit.MINUTES))
                .build();
        var runner = new LocalOptimizationRunner(1, config, new MultiLayerNetworkTaskCreator());
        runner.execute();
        assertEquals(candidates, runner.numCandidatesCompleted(), runner.numCandidatesFailed() + " failed");
        assertTrue(Double.isFinite(runner.bestScore()));
        return seen;
    }

    private static DenseLayerSpace.Builder hidden() {
        return new DenseLayerSpace.Builder().nIn(784).nOut(8).activation(Activation.TANH);
    }

    private static OutputLayerSpace.Builder output() {
        return new OutputLayerSpace.Builder().nIn(8).nOut(10).activation(Activation.SOFTMAX).lossFunction(LossFunction.MCXENT);
    }

    @Test void anArbiterGridSearchTriesEveryOptimizerAndMultiplier() {
        var learned = new LearnedUpdaterSpace(List.of("zoo:mnist", "zoo:quadratic"), new DiscreteParameterSpace<>(0.5, 1.0));
        var space = new MultiLayerSpace.Builder().updater(learned).addLayer(hidden().build()).addLayer(output().build())
                .numEpochs(1).build();
        Set<IUpdater> seen = new java.util.HashSet<>();
        for (List<IUpdater> u : search(space, 4)) {
            assertEquals(u.get(0), u.get(1), "the network's updater reaches every layer");
            seen.add(u.get(0));
        }
        assertEquals(Set.of(LearnedUpdater.fromZoo("mnist").withLearningRate(0.5), LearnedUpdater.fromZoo("mnist"),
                LearnedUpdater.fromZoo("quadratic").withLearningRate(0.5), LearnedUpdater.fromZoo("quadratic")), seen);
    }

    @Test void itStandsBesideAdamSpaceInOneSearch() {
        var learned = new LearnedUpdaterSpace(List.of("zoo:mnist", "zoo:quadratic"));
        var adam = new AdamSpace(new DiscreteParameterSpace<>(1e-3, 1e-2), new FixedValue<>(0.9), new FixedValue<>(0.999),
                new FixedValue<>(1e-8));
        var space = new MultiLayerSpace.Builder()
                .addLayer(hidden().updater(learned).build())
                .addLayer(output().updater(adam).build())
                .numEpochs(1).build();
        var mnist = LearnedUpdater.fromZoo("mnist");
        var quadratic = LearnedUpdater.fromZoo("quadratic");
        assertEquals(Set.of(List.of(mnist, new Adam(1e-3)), List.of(mnist, new Adam(1e-2)), List.of(quadratic, new Adam(1e-3)),
                List.of(quadratic, new Adam(1e-2))), search(space, 4));
        assertInstanceOf(FixedValue.class, new LearnedUpdaterSpace(List.of("zoo:mnist")).getOptimizer(),
                "one optimizer is a FixedValue (a one-valued DiscreteParameterSpace breaks Arbiter's indexing)");
    }
}
