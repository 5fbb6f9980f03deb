package org.l2l4j.zoo;

import java.nio.file.Path;

/**
 * The state of one entry's cached copy, from {@link OptimizerZoo#verify()}.
 *
 * @param id      the entry
 * @param status  what was found
 * @param file    the cache path checked (the manifest's path when there is no usable manifest)
 * @param bundled whether the entry is bundled in the jar (then a missing cache copy is normal)
 * @param detail  for people: expected and actual size or checksum, the manifest's error, ...
 */
public record VerifyResult(String id, Status status, Path file, boolean bundled, String detail) {

    public enum Status {
        /** the cached file has the manifest's size and SHA-256 */
        OK,
        /** the entry is known, its file is not in the cache */
        NOT_CACHED,
        /** the cached file differs from the manifest; {@code zoo(id)} would remove it and download it again */
        CORRUPT,
        /** a directory in the cache without a manifest.json, for an id not bundled */
        NO_MANIFEST,
        /** a manifest.json in the cache that cannot be read or does not fit its directory */
        INVALID_MANIFEST
    }

    /** Whether nothing needs fixing: OK, or not cached. */
    public boolean healthy() {
        return status == Status.OK || status == Status.NOT_CACHED;
    }
}
