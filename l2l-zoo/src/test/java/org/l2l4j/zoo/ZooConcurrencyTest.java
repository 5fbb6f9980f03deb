package org.l2l4j.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.TrainedOptimizer;

/** Threads and processes fetching the same entry at once must leave one sound file and download no more than needed. */
class ZooConcurrencyTest {
    @TempDir Path tmp;
    private Path cache;
    private TestServer server;
    private final byte[] bytes = Fixtures.optimizerBytes(21);
    private final ZooEntry entry = Fixtures.entry("shared", bytes);

    @BeforeEach
    void start() throws IOException {
        cache = tmp.resolve("cache");
        server = new TestServer();
        server.serve("shared/manifest.json", Manifests.toBytes(entry))
                // slow enough that every caller arrives while the first download is in flight
                .route("shared/shared.l2l", TestServer.delayed(400, bytes));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void threadsLoadingTheSameEntryDownloadItOnce() throws Exception {
        int threads = 8;
        Bundle bundle = Fixtures.emptyBundle(tmp);
        List<TrainedOptimizer> loaded = runTogether(threads, () ->
                new Zoo(bundle, cache, Zoo.baseUrl(server.baseUrl()), Fixtures.FAST).load("shared"));

        for (TrainedOptimizer o : loaded) assertEquals(Fixtures.optimizer(bytes), o);
        assertEquals(1, server.hits("shared/shared.l2l"), "later threads must find the file the first one fetched");
        assertEquals(1, server.hits("shared/manifest.json"));
        assertArrayEquals(bytes, Files.readAllBytes(cache.resolve("shared/shared.l2l")));
        assertEquals(List.of(), Fixtures.partFiles(cache));
    }

    @Test
    void concurrentFetchesAreSerializedAndLeaveASoundCache() throws Exception {
        int threads = 3;
        Bundle bundle = Fixtures.emptyBundle(tmp);
        List<FetchResult> results = runTogether(threads, () ->
                new Zoo(bundle, cache, Zoo.baseUrl(server.baseUrl()), Fixtures.FAST).fetch("shared"));

        for (FetchResult r : results) assertEquals(entry.sha256(), r.sha256());
        assertEquals(threads, server.hits("shared/shared.l2l"), "fetch always downloads");
        assertEquals(1, server.maxConcurrent(), "the entry lock lets one download run at a time");
        assertArrayEquals(bytes, Files.readAllBytes(cache.resolve("shared/shared.l2l")));
        assertEquals(List.of(), Fixtures.partFiles(cache));
    }

    /** Two JVMs, started together, resolving the same entry through the public API and system properties. */
    @Test
    void twoProcessesFetchingAtOnceDownloadOnce() throws Exception {
        server.route("shared/shared.l2l", TestServer.delayed(1_500, bytes));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-D" + OptimizerZoo.DIRECTORY_PROPERTY + "=" + cache,
                    "-D" + OptimizerZoo.BASE_URL_PROPERTY + "=" + server.baseUrl(),
                    ZooChildProcess.class.getName(), "shared")
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("child-" + i + ".log").toFile())
                    .start());
        }
        long[] start = new long[2], end = new long[2];
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            boolean done = p.waitFor(20, TimeUnit.SECONDS);
            if (!done) p.destroyForcibly();
            String log = Files.readString(tmp.resolve("child-" + i + ".log"));
            assertEquals(0, done ? p.exitValue() : -1, "child " + i + ":\n" + log);
            assertEquals(true, log.contains("sha256=" + entry.sha256()), log);
            start[i] = Long.parseLong(log.replaceAll("(?s).*start=(\\d+).*", "$1"));
            end[i] = Long.parseLong(log.replaceAll("(?s).*end=(\\d+).*", "$1"));
        }
        assertEquals(1, server.hits("shared/shared.l2l"), "the second process must wait for the first and reuse its file");
        assertEquals(1, server.maxConcurrent());
        assertArrayEquals(bytes, Files.readAllBytes(cache.resolve("shared/shared.l2l")));
        assertEquals(List.of(), Fixtures.partFiles(cache));
        // Only a run in which both processes were resolving at the same time tests the lock.
        org.junit.jupiter.api.Assumptions.assumeTrue(Math.max(start[0], start[1]) < Math.min(end[0], end[1]),
                "the two processes did not overlap (a slow machine): the lock went untested");
    }

    interface Task<T> {
        T call() throws Exception;
    }

    private static <T> List<T> runTogether(int threads, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) futures.add(pool.submit(() -> {
                go.await();
                return task.call();
            }));
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get(20, TimeUnit.SECONDS));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
