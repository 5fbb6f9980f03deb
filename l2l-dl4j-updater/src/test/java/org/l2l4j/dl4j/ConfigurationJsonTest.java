package org.l2l4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.serde.JsonMappers;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** Network configurations with LearnedUpdaters survive JSON, small when the optimizer is in a zoo. */
class ConfigurationJsonTest {

    static IUpdater updaterOf(MultiLayerConfiguration conf, int layer) {
        return ((BaseLayer) conf.getConf(layer).getLayer()).getIUpdater();
    }

    static IUpdater biasUpdaterOf(MultiLayerConfiguration conf, int layer) {
        return ((BaseLayer) conf.getConf(layer).getLayer()).getBiasUpdater();
    }

    @Test
    void zooOptimizerIsReferencedNotCopied() {
        var u = new LearnedUpdater(TestOptimizers.zooPaper());
        assertEquals("test-paper", u.zooId().orElseThrow(), "the resolver recognized the optimizer");
        var conf = Nets.mlnConf(new Nets.Updaters(u, u, null, null), DataType.FLOAT, WorkspaceMode.ENABLED);
        String json = conf.toJson();
        assertTrue(json.contains("\"zoo\" : \"test-paper\""), json);
        assertTrue(json.contains("\"sha256\" : \"" + u.optimizerSha256() + "\""), json);
        assertFalse(json.contains("embedded"), "no weights in the JSON");
        // six updaters (weights and biases of three layers) cost at most ~300 characters each over SGD
        String sgd = Nets.mlnConf(new Nets.Updaters(new Sgd(0.1), new Sgd(0.1), null, null), DataType.FLOAT,
                WorkspaceMode.ENABLED).toJson();
        assertTrue(json.length() - sgd.length() < 6 * 300, "JSON grew by " + (json.length() - sgd.length()));

        var back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        for (int layer = 0; layer < 3; layer++) {
            var restored = assertInstanceOf(LearnedUpdater.class, updaterOf(back, layer));
            assertEquals(u, restored);
            assertEquals(u, biasUpdaterOf(back, layer));
            assertSame(u.optimizer(), restored.optimizer(), "resolved once per JVM, from the cache");
        }
    }

    @Test
    void ownOptimizerIsEmbeddedAndRestoresWithoutAnyZoo() {
        var own = TestOptimizers.ownSmall();
        var u = new LearnedUpdater(own).withLearningRate(0.25);
        assertTrue(u.zooId().isEmpty());
        var conf = Nets.graphConf(Nets.Updaters.global(u), DataType.DOUBLE, WorkspaceMode.NONE);
        String json = conf.toJson();
        assertTrue(json.contains("\"embedded\" : \""), "base64 file in the JSON");
        var back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(conf, back);
        var restored = (LearnedUpdater) ((BaseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("a"))
                .getLayerConf().getLayer()).getIUpdater();
        assertEquals(own, restored.optimizer(), "architecture, weights and provenance survive");
        assertEquals(0.25, restored.getLearningRate(7, 1));
    }

    @Test
    void theUpdaterAloneRoundTripsThroughDl4jsMapperWithItsSchedule() throws Exception {
        var schedule = new ExponentialSchedule(ScheduleType.ITERATION, 1.0, 0.9);
        var u = new LearnedUpdater(TestOptimizers.zooSmall()).withLearningRateSchedule(schedule);
        var mapper = JsonMappers.getMapper();
        String json = mapper.writeValueAsString(u);
        assertTrue(json.contains("\"@class\" : \"org.l2l4j.dl4j.LearnedUpdater\""), json);
        var back = (LearnedUpdater) mapper.readValue(json, IUpdater.class);
        assertEquals(u, back);
        assertEquals(u.hashCode(), back.hashCode());
        assertEquals(0.9 * 0.9, back.getLearningRate(2, 0), 1e-15);
    }

    @Test
    void anAlteredConfigurationIsRefusedWhenTheOptimizerIsNeeded() throws Exception {
        var mapper = JsonMappers.getMapper();
        String zooJson = mapper.writeValueAsString(LearnedUpdater.fromZoo("test-small"));
        String otherSha = "0".repeat(64);
        var changedZoo = (LearnedUpdater) mapper.readValue(
                zooJson.replaceAll("[0-9a-f]{64}", otherSha), IUpdater.class);
        var e = assertThrows(IllegalStateException.class, () -> changedZoo.stateSize(10));
        assertTrue(e.getMessage().contains("'test-small'") && e.getMessage().contains("changed"), e.getMessage());

        String embeddedJson = mapper.writeValueAsString(new LearnedUpdater(TestOptimizers.random(TestOptimizers.SMALL, 77)));
        var tampered = (LearnedUpdater) mapper.readValue(embeddedJson.replaceAll("[0-9a-f]{64}", otherSha), IUpdater.class);
        e = assertThrows(IllegalStateException.class, tampered::optimizer);
        assertTrue(e.getMessage().contains("altered"), e.getMessage());

        e = assertThrows(IllegalStateException.class, () -> LearnedUpdater.fromZoo("no-such-optimizer"));
        assertTrue(e.getMessage().contains("'no-such-optimizer'") && e.getMessage().contains(TestZoo.class.getName()),
                e.getMessage());
    }

    @Test
    void equalityIsByOptimizerAndSettingsAndClonesShareTheParsedOptimizer() {
        var a = new LearnedUpdater(TestOptimizers.ownPaper());
        var b = new LearnedUpdater(TestOptimizers.ownPaper());    // built independently
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertSame(a.optimizer(), b.optimizer(), "one parsed optimizer per JVM");
        assertNotEquals(LearnedUpdater.fromZoo("test-paper"), a);
        assertNotEquals(a.withLearningRate(0.5), a);
        assertNotEquals(a.withLearningRateSchedule(new ExponentialSchedule(ScheduleType.EPOCH, 1, 0.5)), a);
        // the same optimizer referenced from the zoo and handed over as an object is one optimizer
        assertEquals(LearnedUpdater.fromZoo("test-paper"), new LearnedUpdater(TestOptimizers.zooPaper()));

        var clone = a.clone();
        assertEquals(a, clone);
        assertSame(a.optimizer(), clone.optimizer());
        clone.setLrAndSchedule(0.5, null);
        assertEquals(1.0, a.getLearningRate(0, 0), "a clone is independent");
    }
}
