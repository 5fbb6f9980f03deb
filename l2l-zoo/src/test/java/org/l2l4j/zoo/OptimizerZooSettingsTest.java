package org.l2l4j.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The static settings, in the manner of DL4JResources: a setter beats the system property, which beats the default. */
class OptimizerZooSettingsTest {

    @AfterEach
    void reset() {
        OptimizerZoo.setDirectory(null);
        OptimizerZoo.setBaseUrl(null);
        System.clearProperty(OptimizerZoo.DIRECTORY_PROPERTY);
        System.clearProperty(OptimizerZoo.BASE_URL_PROPERTY);
        System.clearProperty(DownloadPolicy.CONNECT_TIMEOUT_PROPERTY);
        System.clearProperty(DownloadPolicy.TIMEOUT_PROPERTY);
        OptimizerZoo.setDownloadPolicy(null);
    }

    @Test
    void downloadTimeoutsFollowSetterThenPropertiesThenDefaults() {
        OptimizerZoo.setDownloadPolicy(null);   // whatever another test left
        assertEquals(DownloadPolicy.defaults(), OptimizerZoo.downloadPolicy());
        System.setProperty(DownloadPolicy.CONNECT_TIMEOUT_PROPERTY, "2.5");
        System.setProperty(DownloadPolicy.TIMEOUT_PROPERTY, "7");
        var p = OptimizerZoo.downloadPolicy();
        assertEquals(java.time.Duration.ofMillis(2500), p.connectTimeout());
        assertEquals(java.time.Duration.ofSeconds(7), p.timeout());
        assertEquals(DownloadPolicy.defaults().attempts(), p.attempts());
        var fast = new DownloadPolicy(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 1, java.time.Duration.ZERO);
        OptimizerZoo.setDownloadPolicy(fast);
        assertEquals(fast, OptimizerZoo.downloadPolicy());
        OptimizerZoo.setDownloadPolicy(null);
        System.setProperty(DownloadPolicy.TIMEOUT_PROPERTY, "soon");
        var e = assertThrows(IllegalArgumentException.class, OptimizerZoo::downloadPolicy);
        assertEquals("system property " + DownloadPolicy.TIMEOUT_PROPERTY + " must be a number of seconds, got 'soon'", e.getMessage());
    }

    @Test
    void directoryFollowsSetterThenPropertyThenDefault() {
        assertEquals(Path.of(System.getProperty("user.home"), ".deeplearning4j", "optimizers"), OptimizerZoo.directory());
        System.setProperty(OptimizerZoo.DIRECTORY_PROPERTY, "/some/cache");
        assertEquals(Path.of("/some/cache"), OptimizerZoo.directory());
        OptimizerZoo.setDirectory(Path.of("/other/cache"));
        assertEquals(Path.of("/other/cache"), OptimizerZoo.directory());
        OptimizerZoo.setDirectory(null);
        assertEquals(Path.of("/some/cache"), OptimizerZoo.directory());
    }

    @Test
    void baseUrlFollowsSetterThenPropertyAndHasNoDefault() {
        assertEquals(Optional.empty(), OptimizerZoo.baseUrl(), "the project names no default host");
        System.setProperty(OptimizerZoo.BASE_URL_PROPERTY, "https://mirror.example/optimizers");
        assertEquals("https://mirror.example/optimizers/", OptimizerZoo.baseUrl().orElseThrow().toString());
        OptimizerZoo.setBaseUrl("http://127.0.0.1:8000/zoo/");
        assertEquals("http://127.0.0.1:8000/zoo/", OptimizerZoo.baseUrl().orElseThrow().toString());
        OptimizerZoo.setBaseUrl(null);
        assertEquals("https://mirror.example/optimizers/", OptimizerZoo.baseUrl().orElseThrow().toString());
    }

    @Test
    void baseUrlMustBeHttpOrHttps() {
        var e = assertThrows(IllegalArgumentException.class, () -> OptimizerZoo.setBaseUrl("ftp://host/zoo/"));
        assertTrue(e.getMessage().contains("http"), e.getMessage());
        System.setProperty(OptimizerZoo.BASE_URL_PROPERTY, "file:/tmp/zoo");
        var p = assertThrows(IllegalArgumentException.class, OptimizerZoo::baseUrl);
        assertTrue(p.getMessage().contains(OptimizerZoo.BASE_URL_PROPERTY), p.getMessage());
    }
}
