package org.l2l4j.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.zoo.ZooException.Reason;

/** Entries bundled in the jar, the bundled manifest of this very jar, listing and verification. */
class ZooBundleTest {
    @TempDir Path tmp;

    private final byte[] bytes = Fixtures.optimizerBytes(3);
    private final ZooEntry bundledEntry = Fixtures.entry("bundled", bytes);

    @Test
    void bundledEntryLoadsWithoutTouchingCacheOrNetwork() throws IOException {
        Path cache = tmp.resolve("cache");
        try (var server = new TestServer()) {
            Bundle bundle = Fixtures.bundle(tmp, List.of(bundledEntry), Map.of("bundled.l2l", bytes));
            Zoo zoo = new Zoo(bundle, cache, Zoo.baseUrl(server.baseUrl()), Fixtures.FAST);

            TrainedOptimizer loaded = zoo.load("bundled");

            assertEquals(Fixtures.optimizer(bytes), loaded);
            assertEquals(0, server.totalHits());
            assertFalse(Files.exists(cache), "a bundled entry needs no cache");
        }
    }

    @Test
    void bundledFileThatDoesNotMatchItsManifestIsRefused() {
        Bundle bundle = Fixtures.bundle(tmp, List.of(bundledEntry), Map.of("bundled.l2l", Fixtures.optimizerBytes(4)));

        var e = assertThrows(ZooException.class, () -> new Zoo(bundle, tmp.resolve("cache"), null, Fixtures.FAST)
                .load("bundled"));

        assertEquals(Reason.INVALID_FILE, e.reason());
        assertTrue(e.getMessage().contains("bundle/bundled.l2l") && e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void fetchDownloadsABundledEntryIntoTheCacheToCheckAMirror() throws IOException {
        Path cache = tmp.resolve("cache");
        try (var server = new TestServer()) {
            server.serve("bundled/bundled.l2l", bytes);
            Bundle bundle = Fixtures.bundle(tmp, List.of(bundledEntry), Map.of("bundled.l2l", bytes));

            FetchResult result = new Zoo(bundle, cache, Zoo.baseUrl(server.baseUrl()), Fixtures.FAST).fetch("bundled");

            assertEquals(1, server.hits("bundled/bundled.l2l"));
            assertEquals(cache.resolve("bundled/bundled.l2l"), result.file());
            assertEquals(server.baseUrl() + "bundled/bundled.l2l", result.url().toString());
            assertEquals(bytes.length, result.size());
            assertEquals(bundledEntry.sha256(), result.sha256());
            assertEquals(1, result.attempts());
            assertEquals(bundledEntry.sha256(), TrainedOptimizerFile.sha256Hex(result.file()));
            assertFalse(Files.exists(cache.resolve("bundled/manifest.json")), "a bundled entry's manifest is the jar's");
        }
    }

    @Test
    void listGivesBundledEntriesThenReadableUserEntriesOfTheCache() throws IOException {
        Path cache = tmp.resolve("cache");
        ZooEntry user = Fixtures.entry("a-user-entry", Fixtures.optimizerBytes(5));
        Files.createDirectories(cache.resolve("a-user-entry"));
        Files.write(cache.resolve("a-user-entry/manifest.json"), Manifests.toBytes(user));
        Files.createDirectories(cache.resolve("broken"));
        Files.writeString(cache.resolve("broken/manifest.json"), "{ not json");
        Files.createDirectories(cache.resolve("no-manifest"));

        List<ZooEntry> listed = new Zoo(Fixtures.bundle(tmp, List.of(bundledEntry), Map.of()), cache, null,
                Fixtures.FAST).list();

        assertEquals(List.of(bundledEntry, user), listed);
    }

    @Test
    void verifyReportsTheStateOfEveryEntryAndChangesNothing() throws IOException {
        Path cache = tmp.resolve("cache");
        byte[] okBytes = Fixtures.optimizerBytes(10), corruptBytes = Fixtures.optimizerBytes(11);
        ZooEntry ok = Fixtures.entry("ok", okBytes), corrupt = Fixtures.entry("corrupt", corruptBytes),
                absent = Fixtures.entry("absent", Fixtures.optimizerBytes(12)),
                user = Fixtures.entry("user", Fixtures.optimizerBytes(13));
        write(cache.resolve("ok/ok.l2l"), okBytes);
        byte[] damaged = corruptBytes.clone();
        damaged[100] ^= 4;
        write(cache.resolve("corrupt/corrupt.l2l"), damaged);
        write(cache.resolve("user/manifest.json"), Manifests.toBytes(user));
        write(cache.resolve("user/user.l2l"), Fixtures.optimizerBytes(13));
        Files.createDirectories(cache.resolve("stray"));
        // what looking up a mistyped id left in caches of earlier versions, and a download killed before its manifest came
        write(cache.resolve("typo/.lock"), new byte[0]);
        write(cache.resolve("killed/.manifest.json.1234.part"), new byte[]{1});
        write(cache.resolve("bad/manifest.json"), Manifests.toBytes(Fixtures.entry("other", okBytes)));
        Bundle bundle = Fixtures.bundle(tmp, List.of(ok, corrupt, absent), Map.of());

        Map<String, VerifyResult> results = new Zoo(bundle, cache, null, Fixtures.FAST).verify().stream()
                .collect(java.util.stream.Collectors.toMap(VerifyResult::id, r -> r));

        assertEquals(VerifyResult.Status.OK, results.get("ok").status());
        assertEquals(VerifyResult.Status.CORRUPT, results.get("corrupt").status());
        assertTrue(results.get("corrupt").detail().contains(corrupt.sha256()), results.get("corrupt").detail());
        assertEquals(VerifyResult.Status.NOT_CACHED, results.get("absent").status());
        assertEquals(VerifyResult.Status.OK, results.get("user").status());
        assertFalse(results.get("user").bundled());
        assertEquals(VerifyResult.Status.NO_MANIFEST, results.get("stray").status());
        assertEquals(VerifyResult.Status.INVALID_MANIFEST, results.get("bad").status());
        assertEquals(6, results.size(), results.keySet().toString());
        assertTrue(Files.exists(cache.resolve("corrupt/corrupt.l2l")), "verify reports, it does not delete");
    }

    @Test
    void bundledManifestRefusesDuplicateIdsAndNewerFormats() {
        byte[] dup = Manifests.indexToBytes(List.of(bundledEntry, bundledEntry));
        var e = assertThrows(InvalidManifestException.class, () -> Manifests.readIndex(dup, "test"));
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());

        byte[] newer = "{\"formatVersion\": 2, \"entries\": []}".getBytes();
        var v = assertThrows(InvalidManifestException.class, () -> Manifests.readIndex(newer, "test"));
        assertTrue(v.getMessage().contains("format version 2"), v.getMessage());
    }

    @Test
    void manifestEntryRoundTripsThroughJsonWithItsMeasuredResult() throws InvalidManifestException {
        var result = new MeasuredResult("mean loss at step 100", 0.145, "Adam, lr 0.0164", 0.372, "200 fresh instances");
        ZooEntry e = new ZooEntry("q", "d", "quadratic", "q.l2l", bytes.length, bundledEntry.sha256(), result,
                bundledEntry.architecture(), bundledEntry.provenance());

        ZooEntry back = Manifests.readEntry(Manifests.toBytes(e), "test", "q");

        assertEquals(e, back);
        assertEquals(0.145 / 0.372, back.result().ratio(), 1e-12);
    }

    /**
     * The guard for whoever adds an entry to this jar: the bundled manifest parses, every bundled file
     * matches its entry (size, SHA-256, and the architecture and provenance inside it), and every
     * {@code .l2l} file in the resource directory has an entry.
     */
    @Test
    void theBundledManifestOfThisJarIsSoundAndEveryBundledFileMatchesIt() throws IOException {
        List<ZooEntry> entries = Bundle.DEFAULT.entries();
        for (ZooEntry entry : entries) {
            var file = Bundle.DEFAULT.read(entry);
            if (file.isEmpty()) continue;   // listed, hosted elsewhere
            assertEquals(java.util.Optional.empty(), CacheState.mismatch(file.get(), entry), entry.id());
            TrainedOptimizer o = TrainedOptimizerFile.fromBytes(file.get(), entry.file());
            assertEquals(o.architecture(), entry.architecture(), entry.id());
            assertEquals(o.provenance(), entry.provenance(), entry.id());
            assertEquals(o.provenance().problemFamily(), entry.problemFamily(), entry.id());
        }
        Path resources = Path.of("src/main/resources/org/l2l4j/zoo");
        assertTrue(Files.isDirectory(resources), "run from the module directory");
        try (Stream<Path> files = Files.list(resources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".l2l")).toList())
                assertTrue(entries.stream().anyMatch(e -> e.file().equals(f.getFileName().toString())),
                        f + " is bundled but has no entry in manifest.json");
        }
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}
