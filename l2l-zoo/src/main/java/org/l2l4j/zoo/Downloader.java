package org.l2l4j.zoo;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.l2l4j.core.Provenance;
import org.l2l4j.zoo.ZooException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one URL into one file, soundly: the body goes to a temporary file beside the target, is
 * checked, and only then renamed over the target in one atomic step, so a reader (in any process) sees
 * the old file or the new one, never a part. Each attempt is bounded in time as a whole (answer and
 * body); transient failures are retried with a doubling delay. Callers hold the entry's lock, which
 * also makes it safe to clear the part files of a process killed mid-download.
 */
final class Downloader {
    private static final Logger log = LoggerFactory.getLogger(Downloader.class);
    private static final String USER_AGENT = "l2l4j-zoo/" + Provenance.currentVersion();

    private final DownloadPolicy policy;
    private final HttpClient client;

    Downloader(DownloadPolicy policy) {
        this.policy = policy;
        var builder = HttpClient.newBuilder()
                .connectTimeout(policy.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        // Honour -Dhttps.proxyHost and friends; the JDK client ignores them unless given the default selector.
        ProxySelector proxies = ProxySelector.getDefault();
        if (proxies != null) builder.proxy(proxies);
        this.client = builder.build();
    }

    /** Decides whether a downloaded file may replace the target. */
    interface Check {
        void verify(Path downloaded) throws AttemptFailed, IOException;
    }

    /**
     * One failed attempt: downloaded content a {@link Check} refused (it must not be installed), or a
     * transport failure.
     */
    static final class AttemptFailed extends Exception {
        final Reason reason;
        final boolean retryable;

        AttemptFailed(Reason reason, boolean retryable, String message) {
            super(message);
            this.reason = reason;
            this.retryable = retryable;
        }
    }

    /** Gave up: the reason of the last attempt and a summary of all of them. */
    static final class Failure extends Exception {
        final Reason reason;
        final int attempts;

        Failure(Reason reason, int attempts, String message) {
            super(message);
            this.reason = reason;
            this.attempts = attempts;
        }
    }

    record Outcome(long size, int attempts, Duration elapsed) {}

    /**
     * @throws Failure     the server could not deliver acceptable content within the attempts allowed
     * @throws IOException the local file system failed (temporary file, rename)
     */
    Outcome download(URI url, Path target, Check check) throws Failure, IOException, InterruptedException {
        long start = System.nanoTime();
        AtomicFiles.removeStaleParts(target);
        Path dir = target.toAbsolutePath().getParent();
        boolean dirExisted = Files.isDirectory(dir);
        List<String> failures = new ArrayList<>();
        Duration delay = policy.retryDelay();
        for (int attempt = 1; ; attempt++) {
            try {
                // said before the wait, so that a silent server is not a silent program
                log.info("Downloading {} to {} (attempt {} of {}): waiting up to {} s to connect and {} s for the answer",
                        url, target, attempt, policy.attempts(), seconds(policy.connectTimeout()), seconds(policy.timeout()));
                long size = attempt(url, target, check);
                return new Outcome(size, attempt, Duration.ofNanos(System.nanoTime() - start));
            } catch (AttemptFailed f) {
                failures.add(f.getMessage());
                if (!f.retryable || attempt >= policy.attempts()) {
                    // a failed download leaves the cache as it was: no empty directory for an id that does not exist
                    if (!dirExisted) AtomicFiles.deleteIfEmpty(dir);
                    throw new Failure(f.reason, attempt, summary(failures));
                }
                log.warn("{}: attempt {} of {} failed ({}); retrying in {} ms", url, attempt, policy.attempts(),
                        f.getMessage(), delay.toMillis());
                Thread.sleep(delay.toMillis());
                delay = delay.multipliedBy(2);
            }
        }
    }

    private long attempt(URI url, Path target, Check check) throws AttemptFailed, IOException, InterruptedException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // A hidden name that no reader looks for; left-overs of a killed process are harmless.
        Path part = Files.createFile(AtomicFiles.partFor(target));
        try {
            int status = send(url, part);
            if (status == 404 || status == 410)
                throw new AttemptFailed(Reason.NOT_FOUND, false, "HTTP " + status + " (not found)");
            if (status != 200)
                throw new AttemptFailed(Reason.HTTP_ERROR, status >= 500 || status == 408 || status == 429, "HTTP " + status);
            check.verify(part);
            long size = Files.size(part);
            AtomicFiles.replace(part, target);
            return size;
        } finally {
            AtomicFiles.deleteQuietly(part);
        }
    }

    /** Sends the request, writing a 200 body to {@code part}; returns the status. */
    private int send(URI url, Path part) throws AttemptFailed, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(policy.timeout())
                .header("User-Agent", USER_AGENT)
                .GET()
                .build();
        CompletableFuture<HttpResponse<Path>> future = client.sendAsync(request, info -> info.statusCode() == 200
                ? BodySubscribers.ofFile(part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
                : BodySubscribers.replacing(null));
        // The request timeout covers only the wait for the headers; a body that trickles or stalls is bounded here.
        try {
            return future.get(policy.timeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AttemptFailed(Reason.TIMEOUT, true, "no complete answer within " + millis(policy.timeout()));
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof java.net.http.HttpConnectTimeoutException)
                throw new AttemptFailed(Reason.TIMEOUT, true, "no connection within " + millis(policy.connectTimeout()));
            if (cause instanceof HttpTimeoutException)
                throw new AttemptFailed(Reason.TIMEOUT, true, "no answer within " + millis(policy.timeout()));
            throw new AttemptFailed(Reason.NETWORK, true, describe(cause));
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof ConnectException && t.getMessage() == null) return "connection refused";
        String name = t.getClass().getSimpleName();
        return t.getMessage() == null ? name : name + ": " + t.getMessage();
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3g", d.toMillis() / 1e3);
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    private static String summary(List<String> failures) {
        if (failures.size() == 1) return failures.get(0);
        String last = failures.get(failures.size() - 1);
        boolean allSame = failures.stream().allMatch(last::equals);
        return failures.size() + " attempts failed, the last with " + last
                + (allSame ? "" : " (all: " + String.join("; ", failures) + ")");
    }
}
