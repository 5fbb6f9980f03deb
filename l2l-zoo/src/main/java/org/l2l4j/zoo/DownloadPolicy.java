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
    /** System property: longest wait for a connection, in seconds (default 10). */
    public static final String CONNECT_TIMEOUT_PROPERTY = "org.l2l4j.zoo.connectTimeout";
    /** System property: longest wait for one whole attempt (answer and body), in seconds (default 60). */
    public static final String TIMEOUT_PROPERTY = "org.l2l4j.zoo.timeout";

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

    /** The defaults with the time-outs of the system properties {@value #CONNECT_TIMEOUT_PROPERTY} and {@value #TIMEOUT_PROPERTY}. */
    public static DownloadPolicy fromSystemProperties() {
        var d = defaults();
        return d.withTimeouts(seconds(CONNECT_TIMEOUT_PROPERTY, d.connectTimeout()), seconds(TIMEOUT_PROPERTY, d.timeout()));
    }

    /** This policy with other time-outs; a null one is kept. */
    public DownloadPolicy withTimeouts(Duration connect, Duration attempt) {
        return new DownloadPolicy(connect != null ? connect : connectTimeout, attempt != null ? attempt : timeout, attempts, retryDelay);
    }

    /** A positive number of seconds, such as 2.5, as a duration. */
    public static Duration seconds(double seconds, String what) {
        if (!(seconds > 0) || Double.isInfinite(seconds))
            throw new IllegalArgumentException(what + " must be a positive number of seconds, got " + seconds);
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static Duration seconds(String property, Duration fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) return fallback;
        try {
            return seconds(Double.parseDouble(value.trim()), "system property " + property);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + property + " must be a number of seconds, got '" + value + "'");
        }
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
}
