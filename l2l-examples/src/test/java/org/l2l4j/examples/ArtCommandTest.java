package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.deeplearning4j.common.resources.DL4JResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.examples.L2lCommandTest.Run;
import org.l2l4j.examples.art.NeuralArt;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** {@code --problem art} through the command line, on 16 x 16 images: what it writes and how it refuses bad options. */
class ArtCommandTest {
    @TempDir static Path dir;
    private static Path optimizer;
    private static Run metaTrain;

    /** DL4J's resource directory is an empty one, so the features are the random network on every machine. */
    @BeforeAll static void metaTrainOnce() throws IOException {
        DL4JResources.setBaseDirectory(Files.createDirectories(dir.resolve("dl4j")).toFile());
        optimizer = dir.resolve("art.l2l");
        metaTrain = L2lCommandTest.l2l("meta-train", "--problem", "art", "--size", "16", "--epochs", "1", "--batch-size", "2",
                "--out", optimizer.toString());
    }

    @AfterAll static void restoreDl4jResources() {
        DL4JResources.resetBaseDirectoryLocation();
    }

    @Test void metaTrainUsesTheArtDefaultsAndSaysWhichFeatures() throws IOException {
        assertEquals(0, metaTrain.exitCode(), metaTrain.err());
        TrainedOptimizer trained = TrainedOptimizerFile.read(optimizer);
        assertEquals("art", trained.provenance().problemFamily());
        var defaults = NeuralArt.metaTrainingDefaults();
        assertEquals(defaults.horizon(), trained.provenance().training().horizon());
        assertEquals(defaults.unroll(), trained.provenance().training().unroll());
        assertEquals(defaults.architecture(), trained.provenance().training().architecture(), "log-sign, no output scaling");
        assertEquals(16, ((Number) trained.provenance().problemSettings().get("size")).intValue());
        assertTrue(metaTrain.err().contains("features: random network"), metaTrain.err());
    }

    @Test void compareWritesCurvesAndContentStyledStyleTriples() throws IOException {
        Path out = dir.resolve("compare");
        Run run = L2lCommandTest.l2l("compare", "--problem", "art", "--size", "16", "--style", "brick", "--optimizer", optimizer.toString(),
                "--baselines", "adam", "--steps", "4", "--test-problems", "2", "--grid", "coarse", "--tuning-instances", "2",
                "--tuning-cache", dir.resolve("cache").toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("art", json.get("problem").asText());
        assertEquals(4, json.get("steps").asInt());
        BufferedImage triples = ImageIO.read(out.resolve("triples-art.l2l.png").toFile());
        int panel = 16 * 12;   // enlarged to at least 192 pixels
        assertEquals(3 * panel + 4 * 6, triples.getWidth(), "content, styled, style");
        assertEquals(2 * panel + 3 * 6, triples.getHeight(), "one row per test problem");
        assertTrue(run.out().contains("triples-art.l2l.png"), run.out());
    }

    @Test void artOptionsAreCheckedBeforeAnyWork() {
        Path missing = dir.resolve("no-such-style.png");
        Run run = L2lCommandTest.l2l("compare", "--problem", "art", "--style", missing.toString(), "--out", dir.resolve("s").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("style image " + missing + " does not exist"), run.err());
        assertFalse(Files.exists(dir.resolve("s")));

        Run size = L2lCommandTest.l2l("tune", "--problem", "quadratic", "--size", "128", "--out", dir.resolve("q").toString());
        assertEquals(2, size.exitCode());
        assertTrue(size.err().contains("apply to art only"), size.err());

        Run vgg = L2lCommandTest.l2l("compare", "--problem", "art", "--features", "vgg16", "--out", dir.resolve("v").toString());
        assertEquals(2, vgg.exitCode());
        assertTrue(vgg.err().contains("not in DL4J's cache") && vgg.err().contains("vgg16_dl4j_inference.zip"), vgg.err());
    }
}
