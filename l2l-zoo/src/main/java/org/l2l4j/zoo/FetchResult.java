package org.l2l4j.zoo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A download into the cache that passed its checks.
 *
 * @param entry    the manifest entry the file was checked against
 * @param file     where it now is in the cache
 * @param url      where it came from
 * @param size     bytes downloaded
 * @param sha256   their SHA-256 (equal to the entry's)
 * @param attempts attempts it took (1 when the first succeeded)
 * @param elapsed  wall-clock time, retries included
 */
public record FetchResult(ZooEntry entry, Path file, URI url, long size, String sha256, int attempts, Duration elapsed) {

    public String id() { return entry.id(); }
}
