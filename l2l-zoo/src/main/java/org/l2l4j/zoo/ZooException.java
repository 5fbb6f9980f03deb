package org.l2l4j.zoo;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A zoo optimizer could not be listed, found, downloaded, checked or read. The message is meant for
 * the person at the keyboard: it names the id, the file, the URL tried and the cache path, says what
 * went wrong and, where it can, how to fix it. The accessors give the same facts to programs (the
 * {@code l2l zoo} command maps {@link #reason()} to its exit status).
 */
public final class ZooException extends RuntimeException {

    /** What went wrong. */
    public enum Reason {
        /** no manifest entry for the id: not bundled, not in the cache, not on the server */
        UNKNOWN_ID,
        /** the entry is neither bundled nor cached and no base URL is configured */
        NO_BASE_URL,
        /** the server answered 404 (or 410) for the file */
        NOT_FOUND,
        /** the server answered another error status */
        HTTP_ERROR,
        /** connection refused or reset, host unknown, body cut short */
        NETWORK,
        /** no complete answer within the configured time */
        TIMEOUT,
        /** downloaded bytes differ from the manifest's size or SHA-256 */
        CHECKSUM,
        /** a manifest that cannot be read or does not fit its id */
        INVALID_MANIFEST,
        /** a file that matches its manifest but is no readable trained optimizer, or a bundled file that does not match */
        INVALID_FILE,
        /** the cache directory could not be read or written */
        IO,
        /** the thread was interrupted while waiting for the network or a lock */
        INTERRUPTED
    }

    private final String id;
    private final Reason reason;
    private final String file;
    private final URI url;
    private final Path cachePath;

    ZooException(String id, Reason reason, String file, URI url, Path cachePath, String message, Throwable cause) {
        super(message, cause);
        this.id = id;
        this.reason = reason;
        this.file = file;
        this.url = url;
        this.cachePath = cachePath;
    }

    /** The id asked for; null for a failure not about one id (the bundled manifest, the cache directory). */
    public String id() { return id; }

    public Reason reason() { return reason; }

    /** The file name of the entry, when known. */
    public Optional<String> file() { return Optional.ofNullable(file); }

    /** The URL of the last request, when one was made. */
    public Optional<URI> url() { return Optional.ofNullable(url); }

    /** Where the file (or the manifest, for an unknown id) belongs in the cache, when known. */
    public Optional<Path> cachePath() { return Optional.ofNullable(cachePath); }
}
