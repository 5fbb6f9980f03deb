package org.l2l4j.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.l2l4j.zoo.OptimizerZoo.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.InvalidOptimizerFileException;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;

/** The user's flow: meta-train, publish, serve the directory, {@code zoo("their-id")} with a base URL. */
class ZooPublisherTest {
    @TempDir Path tmp;

    @AfterEach
    void resetStaticSettings() {
        OptimizerZoo.setDirectory(null);
        OptimizerZoo.setBaseUrl(null);
        OptimizerZoo.setDownloadPolicy(null);   // back to the system properties and defaults
    }

    @Test
    void publishServeAndLoadThroughThePublicApi() throws IOException {
        byte[] bytes = Fixtures.optimizerBytes(31);
        TrainedOptimizer trained = Fixtures.optimizer(bytes);
        Path file = tmp.resolve("run/best.l2l");
        Files.createDirectories(file.getParent());
        TrainedOptimizerFile.write(trained, file);
        Path out = tmp.resolve("site");

        ZooEntry published = ZooPublisher.publish(file, "their-id", "my quadratic optimizer", out);

        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(out.resolve("their-id/their-id.l2l")));
        assertEquals(Files.size(file), published.size());
        assertEquals(TrainedOptimizerFile.sha256Hex(file), published.sha256());
        assertEquals(trained.provenance(), published.provenance());
        assertEquals(trained.architecture(), published.architecture());
        assertEquals("quadratic", published.problemFamily());
        assertNull(published.result());
        assertEquals(published, assertDoesNotThrowRead(out.resolve("their-id/manifest.json")));

        try (var server = new TestServer().serveDirectory(out)) {
            OptimizerZoo.setDirectory(tmp.resolve("cache"));
            OptimizerZoo.setBaseUrl(server.baseUrl());
            OptimizerZoo.setDownloadPolicy(Fixtures.FAST);

            TrainedOptimizer loaded = zoo("their-id");

            assertEquals(trained, loaded);
            assertEquals(1, server.hits("their-id/manifest.json"));
            assertEquals(1, server.hits("their-id/their-id.l2l"));
            assertEquals(published, OptimizerZoo.entry("their-id"));
            assertEquals(tmp.resolve("cache/their-id/their-id.l2l"), OptimizerZoo.cachePath(published));
            assertEquals(java.util.List.of(published), OptimizerZoo.list().stream()
                    .filter(e -> e.id().equals("their-id")).toList());
        }
    }

    /** Optimizers meta-trained together on parameter groups publish and load as one entry, through zooGroups. */
    @Test
    void aFileOfGroupedOptimizersIsPublishedAndLoadedWithZooGroups() throws IOException {
        TrainedOptimizer a = Fixtures.optimizer(Fixtures.optimizerBytes(41)), b = Fixtures.optimizer(Fixtures.optimizerBytes(42));
        var pair = new org.l2l4j.core.GroupedOptimizer(a.architecture(), java.util.List.of("conv", "dense"),
                java.util.List.of(a.weights(), b.weights()), a.provenance());
        Path file = tmp.resolve("pair.l2l");
        org.l2l4j.core.GroupedOptimizerFile.write(pair, file);
        Path out = tmp.resolve("site");

        ZooEntry published = ZooPublisher.publish(file, "pair", "two optimizers", out);
        assertEquals(pair.provenance(), published.provenance());
        assertEquals(pair.architecture(), published.architecture());

        try (var server = new TestServer().serveDirectory(out)) {
            OptimizerZoo.setDirectory(tmp.resolve("cache"));
            OptimizerZoo.setBaseUrl(server.baseUrl());
            OptimizerZoo.setDownloadPolicy(Fixtures.FAST);
            assertEquals(pair, OptimizerZoo.zooGroups("pair"));
            var e = assertThrows(ZooException.class, () -> zoo("pair"));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("OptimizerZoo.zooGroups"), e.getMessage());
        }
    }

    /** A web server running as another user must be able to read what was published: no owner-only temp files. */
    @Test
    void publishedFilesGetTheUsualPermissionsOfNewFiles() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path file = tmp.resolve("opt.l2l");
        Files.write(file, Fixtures.optimizerBytes(34));
        Path out = tmp.resolve("site");

        ZooPublisher.publish(file, "perm", "d", out);
        Path reference = Files.createFile(out.resolve("perm/reference"));

        var expected = Files.getPosixFilePermissions(reference);
        assertEquals(expected, Files.getPosixFilePermissions(out.resolve("perm/perm.l2l")));
        assertEquals(expected, Files.getPosixFilePermissions(out.resolve("perm/manifest.json")));
    }

    @Test
    void publishKeepsTheMeasuredResult() throws IOException {
        Path file = tmp.resolve("opt.l2l");
        Files.write(file, Fixtures.optimizerBytes(32));
        var result = new MeasuredResult("mean loss at step 100", 0.1, "Adam", 0.3, "test");

        ZooEntry published = ZooPublisher.publish(file, "with-result", "d", result, tmp.resolve("site"));

        assertEquals(result, published.result());
        assertEquals(result, assertDoesNotThrowRead(tmp.resolve("site/with-result/manifest.json")).result());
    }

    @Test
    void publishRefusesAFileThatIsNotATrainedOptimizer() throws IOException {
        Path file = tmp.resolve("notes.txt");
        Files.writeString(file, "hello");

        assertThrows(InvalidOptimizerFileException.class,
                () -> ZooPublisher.publish(file, "x", "d", tmp.resolve("site")));
        assertFalse(Files.exists(tmp.resolve("site/x/manifest.json")));
    }

    @Test
    void publishRefusesAnIdThatIsNotAPathSegment() throws IOException {
        Path file = tmp.resolve("opt.l2l");
        Files.write(file, Fixtures.optimizerBytes(33));

        assertThrows(IllegalArgumentException.class, () -> ZooPublisher.publish(file, "a/b", "d", tmp.resolve("site")));
        assertFalse(Files.exists(tmp.resolve("site")));
    }

    private static ZooEntry assertDoesNotThrowRead(Path manifest) throws IOException {
        try {
            String id = manifest.getParent().getFileName().toString();
            return Manifests.readEntry(Files.readAllBytes(manifest), manifest.toString(), id);
        } catch (InvalidManifestException e) {
            throw new AssertionError(e);
        }
    }
}
