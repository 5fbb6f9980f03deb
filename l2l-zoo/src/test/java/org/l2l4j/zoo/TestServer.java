package org.l2l4j.zoo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback for the zoo's tests: routes below {@code /zoo/}, each a behaviour
 * (serve, delay, fail, cut short), optionally a directory served as static files, and counters of
 * requests per path and of the most requests in progress at once.
 */
final class TestServer implements AutoCloseable {

    interface Route {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private volatile Path staticRoot;

    TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL under which routes are served. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/zoo/";
    }

    TestServer route(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    TestServer serve(String path, byte[] body) {
        return route(path, ok(body));
    }

    /** Serves the files below {@code root} for paths that have no route. */
    TestServer serveDirectory(Path root) {
        staticRoot = root;
        return this;
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    int totalHits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int maxConcurrent() {
        return maxActive.get();
    }

    static Route ok(byte[] body) {
        return ex -> send(ex, 200, body);
    }

    static Route delayed(long millis, byte[] body) {
        return ex -> {
            Thread.sleep(millis);
            send(ex, 200, body);
        };
    }

    static Route status(int status) {
        return ex -> send(ex, status, ("status " + status).getBytes());
    }

    /**
     * A server of its own that answers every request with the whole length announced, the first half
     * of the body, and a closed connection: a transfer cut short. (HttpServer keeps such a connection
     * open, which the client can only time out on.)
     */
    static final class CutShort implements AutoCloseable {
        private final java.net.ServerSocket socket;
        private final AtomicInteger requests = new AtomicInteger();

        CutShort(byte[] body) throws IOException {
            socket = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (var s = socket.accept()) {
                        var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream()));
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) { }
                        requests.incrementAndGet();
                        OutputStream out = s.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes());
                        out.write(body, 0, body.length / 2);
                        out.flush();
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "cut-short-server");
            t.setDaemon(true);
            t.start();
        }

        String baseUrl() { return "http://127.0.0.1:" + socket.getLocalPort() + "/zoo/"; }

        int requests() { return requests.get(); }

        @Override public void close() throws IOException { socket.close(); }
    }

    /** Chunked encoding with no length announced, and only half of the body: a well-formed but short answer. */
    static Route shortChunked(byte[] body) {
        return ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body, 0, body.length / 2);
            }
        };
    }

    /** Sends the headers and a few bytes, then stalls. */
    static Route stalls(byte[] body, long millis) {
        return ex -> {
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, 10);
            out.flush();
            Thread.sleep(millis);
            ex.close();
        };
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void dispatch(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String key = path.startsWith("/zoo/") ? path.substring("/zoo/".length()) : path;
        hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        int now = active.incrementAndGet();
        maxActive.accumulateAndGet(now, Math::max);
        try {
            Route route = routes.get(key);
            if (route != null) {
                route.handle(ex);
            } else if (staticRoot != null && !key.contains("..") && Files.isRegularFile(staticRoot.resolve(key))) {
                send(ex, 200, Files.readAllBytes(staticRoot.resolve(key)));
            } else {
                send(ex, 404, "not found".getBytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (a time-out on its side): nothing to answer
        } finally {
            active.decrementAndGet();
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
