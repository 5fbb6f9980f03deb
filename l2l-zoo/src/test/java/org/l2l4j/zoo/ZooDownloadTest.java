package org.l2l4j.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.zoo.ZooException.Reason;

/** Resolution through the cache and a real HTTP server on loopback: what gets downloaded, checked, kept. */
class ZooDownloadTest {
    @TempDir Path tmp;
    private Path cache;
    private TestServer server;

    private final byte[] bytes = Fixtures.optimizerBytes(1);
    private final byte[] otherBytes = Fixtures.optimizerBytes(2);   // same size, other content
    private final ZooEntry hosted = Fixtures.entry("hosted", bytes);

    @BeforeEach
    void start() throws IOException {
        cache = tmp.resolve("cache");
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A zoo whose bundled manifest lists {@code hosted} without bundling its file. */
    private Zoo zoo(DownloadPolicy policy) {
        return new Zoo(Fixtures.bundle(tmp, List.of(hosted), Map.of()), cache, Zoo.baseUrl(server.baseUrl()), policy);
    }

    private Zoo zooWithoutBaseUrl() {
        return new Zoo(Fixtures.bundle(tmp, List.of(hosted), Map.of()), cache, null, Fixtures.FAST);
    }

    private Path cachedFile() {
        return cache.resolve("hosted").resolve("hosted.l2l");
    }

    @Test
    void downloadsAHostedEntryChecksItAndServesLaterCallsFromTheCache() throws IOException {
        server.serve("hosted/hosted.l2l", bytes);

        TrainedOptimizer first = zoo(Fixtures.FAST).load("hosted");
        TrainedOptimizer second = zoo(Fixtures.FAST).load("hosted");

        assertEquals(Fixtures.optimizer(bytes), first);
        assertEquals(first, second);
        assertEquals(1, server.hits("hosted/hosted.l2l"), "the second load must come from the cache");
        assertArrayEquals(bytes, Files.readAllBytes(cachedFile()));
        assertEquals(List.of(), Fixtures.partFiles(cache));
    }

    @Test
    void partFilesOfAKilledDownloadAreClearedByTheNextOne() throws IOException {
        server.serve("hosted/hosted.l2l", bytes);
        Path stale = cachedFile().resolveSibling(".hosted.l2l.0123.part");
        Files.createDirectories(stale.getParent());
        Files.write(stale, new byte[]{1, 2, 3});

        zoo(Fixtures.FAST).load("hosted");

        assertFalse(Files.exists(stale));
        assertEquals(List.of(), Fixtures.partFiles(cache));
    }

    @Test
    void userEntryResolvesThroughTheServersManifestAndThenWorksOffline() throws IOException {
        byte[] theirs = Fixtures.optimizerBytes(7);
        ZooEntry entry = Fixtures.entry("their-id", theirs);
        server.serve("their-id/manifest.json", Manifests.toBytes(entry)).serve("their-id/their-id.l2l", theirs);

        TrainedOptimizer online = new Zoo(Fixtures.emptyBundle(tmp), cache, Zoo.baseUrl(server.baseUrl()), Fixtures.FAST)
                .load("their-id");
        server.close();
        Zoo offline = new Zoo(Fixtures.emptyBundle(tmp), cache, null, Fixtures.FAST);

        assertEquals(Fixtures.optimizer(theirs), online);
        assertTrue(Files.isRegularFile(cache.resolve("their-id/manifest.json")));
        assertEquals(online, offline.load("their-id"));
        assertEquals(entry, offline.entry("their-id"));
    }

    @Test
    void wrongChecksumIsRefusedRetriedAndNothingIsCached() throws IOException {
        server.serve("hosted/hosted.l2l", otherBytes);

        var e = assertThrows(ZooException.class, () -> zoo(Fixtures.FAST).load("hosted"));

        assertEquals(Reason.CHECKSUM, e.reason());
        assertEquals("hosted", e.id());
        assertEquals(server.baseUrl() + "hosted/hosted.l2l", e.url().orElseThrow().toString());
        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains(hosted.sha256()), e.getMessage());
        assertTrue(e.getMessage().contains(server.baseUrl() + "hosted/hosted.l2l"), e.getMessage());
        assertTrue(e.getMessage().contains(cachedFile().toString()), e.getMessage());
        assertEquals(Fixtures.FAST.attempts(), server.hits("hosted/hosted.l2l"), "a bad checksum may be transient: retried");
        assertFalse(Files.exists(cachedFile()));
        assertEquals(List.of(), Fixtures.partFiles(cache));
    }

    @Test
    void bodyCutShortIsRefused() throws IOException {
        try (var cutShort = new TestServer.CutShort(bytes)) {
            var zoo = new Zoo(Fixtures.bundle(tmp, List.of(hosted), Map.of()), cache, Zoo.baseUrl(cutShort.baseUrl()),
                    Fixtures.FAST);

            var e = assertThrows(ZooException.class, () -> zoo.load("hosted"));

            assertEquals(Reason.NETWORK, e.reason(), e.getMessage());
            assertEquals(Fixtures.FAST.attempts(), cutShort.requests(), "a cut transfer may be transient: retried");
            assertFalse(Files.exists(cachedFile()));
            assertEquals(List.of(), Fixtures.partFiles(cache));
        }
    }

    @Test
    void wellFormedButShortAnswerIsRefusedBySize() throws IOException {
        server.route("hosted/hosted.l2l", TestServer.shortChunked(bytes));

        var e = assertThrows(ZooException.class, () -> zoo(Fixtures.FAST).load("hosted"));

        assertEquals(Reason.CHECKSUM, e.reason());
        assertTrue(e.getMessage().contains("received " + bytes.length / 2 + " bytes"), e.getMessage());
        assertFalse(Files.exists(cachedFile()));
        assertEquals(List.of(), Fixtures.partFiles(cache));
    }

    @Test
    void notFoundIsNotRetriedAndSaysHowToInstallByHand() {
        var e = assertThrows(ZooException.class, () -> zoo(Fixtures.FAST).load("hosted"));

        assertEquals(Reason.NOT_FOUND, e.reason());
        assertEquals(1, server.hits("hosted/hosted.l2l"));
        assertEquals(cachedFile(), e.cachePath().orElseThrow());
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        assertTrue(e.getMessage().contains("save the file hosted.l2l") && e.getMessage().contains(cachedFile().toString()),
                e.getMessage());
    }

    @Test
    void serverErrorIsRetriedThenReported() {
        server.route("hosted/hosted.l2l", TestServer.status(503));

        var e = assertThrows(ZooException.class, () -> zoo(Fixtures.FAST).load("hosted"));

        assertEquals(Reason.HTTP_ERROR, e.reason());
        assertEquals(Fixtures.FAST.attempts(), server.hits("hosted/hosted.l2l"));
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
    }

    @Test
    void serverTooSlowToAnswerTimesOut() {
        server.route("hosted/hosted.l2l", TestServer.delayed(5_000, bytes));
        var policy = new DownloadPolicy(Duration.ofSeconds(1), Duration.ofMillis(300), 2, Duration.ofMillis(10));

        long start = System.nanoTime();
        var log = new java.io.ByteArrayOutputStream();
        var stderr = System.err;
        System.setErr(new java.io.PrintStream(log, true));
        ZooException e;
        try {
            e = assertThrows(ZooException.class, () -> zoo(policy).load("hosted"));
        } finally {
            System.setErr(stderr);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        // what is being waited for is said before the wait (slf4j-simple logs INFO to stderr in the tests)
        assertTrue(log.toString().contains("Downloading " + server.baseUrl() + "hosted/hosted.l2l to " + cachedFile()
                + " (attempt 1 of 2): waiting up to 1.00 s to connect and 0.300 s for the answer"), log.toString());

        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
        assertEquals(2, server.hits("hosted/hosted.l2l"));
        assertTrue(millis < 3_000, "gave up after " + millis + " ms");
        assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
        assertFalse(Files.exists(cachedFile()));
    }

    @Test
    void bodyThatStallsTimesOut() throws IOException {
        server.route("hosted/hosted.l2l", TestServer.stalls(bytes, 5_000));
        var policy = new DownloadPolicy(Duration.ofSeconds(1), Duration.ofMillis(400), 1, Duration.ofMillis(10));

        long start = System.nanoTime();
        var e = assertThrows(ZooException.class, () -> zoo(policy).load("hosted"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
        assertTrue(millis < 3_000, "gave up after " + millis + " ms");
        assertFalse(Files.exists(cachedFile()));
        assertEquals(List.of(), Fixtures.partFiles(cache));
    }

    @Test
    void unreachableServerNamesIdUrlAndCachePath() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/zoo/";
        var zoo = new Zoo(Fixtures.bundle(tmp, List.of(hosted), Map.of()), cache, Zoo.baseUrl(url), Fixtures.FAST);

        var e = assertThrows(ZooException.class, () -> zoo.load("hosted"));

        assertEquals(Reason.NETWORK, e.reason());
        assertTrue(e.getMessage().contains("'hosted'"), e.getMessage());
        assertTrue(e.getMessage().contains(url + "hosted/hosted.l2l"), e.getMessage());
        assertTrue(e.getMessage().contains(cachedFile().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(hosted.sha256()), e.getMessage());
    }

    @Test
    void corruptCacheFileIsDetectedRemovedAndFetchedAgain() throws IOException {
        server.serve("hosted/hosted.l2l", bytes);
        byte[] corrupt = bytes.clone();
        corrupt[corrupt.length / 2] ^= 1;
        Files.createDirectories(cachedFile().getParent());
        Files.write(cachedFile(), corrupt);

        TrainedOptimizer loaded = zoo(Fixtures.FAST).load("hosted");

        assertEquals(Fixtures.optimizer(bytes), loaded);
        assertEquals(1, server.hits("hosted/hosted.l2l"));
        assertArrayEquals(bytes, Files.readAllBytes(cachedFile()));
    }

    @Test
    void corruptCacheFileWithoutBaseUrlIsRemovedAndExplained() throws IOException {
        Files.createDirectories(cachedFile().getParent());
        Files.write(cachedFile(), otherBytes);

        var e = assertThrows(ZooException.class, () -> zooWithoutBaseUrl().load("hosted"));

        assertEquals(Reason.NO_BASE_URL, e.reason());
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("removed"), e.getMessage());
        assertFalse(Files.exists(cachedFile()));
    }

    @Test
    void knownEntryWithoutBaseUrlSaysHowToSetOneAndWhereToPutTheFile() {
        var e = assertThrows(ZooException.class, () -> zooWithoutBaseUrl().load("hosted"));

        assertEquals(Reason.NO_BASE_URL, e.reason());
        assertTrue(e.getMessage().contains(OptimizerZoo.BASE_URL_PROPERTY), e.getMessage());
        assertTrue(e.getMessage().contains("setBaseUrl"), e.getMessage());
        assertTrue(e.getMessage().contains(cachedFile().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no default download host"), e.getMessage());
        assertEquals(0, server.totalHits());
    }

    @Test
    void unknownIdWithoutBaseUrlNamesTheManifestPathAndTheProperty() {
        var e = assertThrows(ZooException.class, () -> zooWithoutBaseUrl().load("nobody"));

        assertEquals(Reason.UNKNOWN_ID, e.reason());
        assertEquals("nobody", e.id());
        assertTrue(e.getMessage().contains(cache.resolve("nobody/manifest.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(OptimizerZoo.BASE_URL_PROPERTY), e.getMessage());
        assertTrue(e.getMessage().contains("bundled: hosted"), e.getMessage());
    }

    @Test
    void unknownIdOnTheServerIsReportedWithTheUrl() throws IOException {
        List<Path> before = cacheContents();
        var e = assertThrows(ZooException.class, () -> zoo(Fixtures.FAST).load("nobody"));

        assertEquals(Reason.UNKNOWN_ID, e.reason());
        assertEquals(1, server.hits("nobody/manifest.json"));
        assertTrue(e.getMessage().contains(server.baseUrl() + "nobody/manifest.json"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("nobody")), "no directory for an unknown id");
        assertEquals(before, cacheContents(), "an unknown id leaves the cache as it was, lock file included");
        assertEquals(List.of(), zoo(Fixtures.FAST).verify().stream().filter(r -> !r.healthy()).toList());
    }

    /** Every path under the cache (the cache itself too, when it exists), sorted. */
    private List<Path> cacheContents() throws IOException {
        if (!Files.exists(cache)) return List.of();
        try (var paths = Files.walk(cache)) {
            return paths.sorted().toList();
        }
    }

    @Test
    void serverManifestForAnotherIdIsRefused() {
        server.serve("mine/manifest.json", Manifests.toBytes(Fixtures.entry("yours", bytes)));

        var e = assertThrows(ZooException.class, () -> zoo(Fixtures.FAST).load("mine"));

        assertEquals(Reason.INVALID_MANIFEST, e.reason());
        assertTrue(e.getMessage().contains("'yours'"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("mine/manifest.json")));
    }

    @Test
    void serverManifestWithAFileNameOutsideItsDirectoryIsRefused() throws IOException {
        String json = new String(Manifests.toBytes(Fixtures.entry("mine", bytes)))
                .replace("\"mine.l2l\"", "\"../../escape.l2l\"");
        server.serve("mine/manifest.json", json.getBytes());

        var e = assertThrows(ZooException.class, () -> zoo(Fixtures.FAST).load("mine"));

        assertEquals(Reason.INVALID_MANIFEST, e.reason());
        assertTrue(e.getMessage().contains("invalid zoo file name"), e.getMessage());
        assertEquals(0, server.hits("../escape.l2l") + server.hits("escape.l2l"));
        assertFalse(Files.exists(cache.resolve("mine/manifest.json")));
        try (var files = Files.walk(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("escape.l2l")));
        }
    }

    @Test
    void fileMatchingItsManifestButNotAnOptimizerIsReportedAsInvalid() {
        byte[] junk = "not an optimizer at all".getBytes();
        ZooEntry entry = new ZooEntry("junk", "", "quadratic", "junk.l2l", junk.length,
                org.l2l4j.core.TrainedOptimizerFile.sha256Hex(junk), null, hosted.architecture(), hosted.provenance());
        server.serve("junk/manifest.json", Manifests.toBytes(entry)).serve("junk/junk.l2l", junk);

        var e = assertThrows(ZooException.class, () -> zoo(Fixtures.FAST).load("junk"));

        assertEquals(Reason.INVALID_FILE, e.reason());
        assertTrue(e.getMessage().contains("wrong magic bytes"), e.getMessage());
    }

    @Test
    void fetchReplacesTheCachedCopyOnlyWithVerifiedContent() throws IOException {
        Files.createDirectories(cachedFile().getParent());
        Files.write(cachedFile(), bytes);
        server.serve("hosted/hosted.l2l", otherBytes);

        var e = assertThrows(ZooException.class, () -> zoo(Fixtures.FAST).fetch("hosted"));

        assertEquals(Reason.CHECKSUM, e.reason());
        assertArrayEquals(bytes, Files.readAllBytes(cachedFile()));
        assertEquals(List.of(), Fixtures.partFiles(cache));
    }

    @Test
    void fetchOfAUserEntryDownloadsItsManifestAgain() throws IOException {
        server.serve("their-id/manifest.json", Manifests.toBytes(Fixtures.entry("their-id", bytes)))
                .serve("their-id/their-id.l2l", bytes);
        Zoo zoo = new Zoo(Fixtures.emptyBundle(tmp), cache, Zoo.baseUrl(server.baseUrl()), Fixtures.FAST);
        zoo.load("their-id");

        FetchResult result = zoo.fetch("their-id");

        assertEquals(2, server.hits("their-id/manifest.json"));
        assertEquals(2, server.hits("their-id/their-id.l2l"));
        assertEquals(cache.resolve("their-id/their-id.l2l"), result.file());
        assertEquals(bytes.length, result.size());
    }

    @Test
    void fetchWithoutBaseUrlIsRefused() {
        var e = assertThrows(ZooException.class, () -> zooWithoutBaseUrl().fetch("hosted"));

        assertEquals(Reason.NO_BASE_URL, e.reason());
        assertTrue(e.getMessage().contains(OptimizerZoo.BASE_URL_PROPERTY), e.getMessage());
    }

    @Test
    void invalidIdsAreRefusedBeforeTouchingTheDisk() {
        assertThrows(IllegalArgumentException.class, () -> zoo(Fixtures.FAST).load("../etc"));
        assertThrows(IllegalArgumentException.class, () -> zoo(Fixtures.FAST).load(""));
        assertFalse(Files.exists(cache));
        assertEquals(0, server.totalHits());
    }
}
