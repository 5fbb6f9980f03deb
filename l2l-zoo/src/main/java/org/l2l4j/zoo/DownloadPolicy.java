package org.l2l4j.zoo;

import java.time.Duration;
import java.util.Objects;

/**
 * How the zoo downloads: every attempt is bounded in time, failed attempts that may succeed later
 * (network errors, time-outs, 5xx answers, content that fails its checksum) are retried with a
 * doubling delay; a 404 is not retried.
 *
 * @param connectTimeout longest wait for a TCP connection
 * @param timeout        longest wait for one whole attempt: request, answer and body
 * @param attempts       attempts before giving up (at least 1)
 * @param retryDelay     delay before the second attempt, doubled before each further one
 */
public record DownloadPolicy(Duration connectTimeout, Duration timeout, int attempts, Duration retryDelay) {

    public DownloadPolicy {
        positive("connectTimeout", connectTimeout);
        positive("timeout", timeout);
        Objects.requireNonNull(retryDelay, "retryDelay");
        if (retryDelay.isNegative()) throw new IllegalArgumentException("retryDelay must not be negative, got " + retryDelay);
        if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
    }

    /** 10 s to connect, 60 s per attempt, 3 attempts, 1 s then 2 s between them. */
    public static DownloadPolicy defaults() {
        return new DownloadPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), 3, Duration.ofSeconds(1));
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
}
