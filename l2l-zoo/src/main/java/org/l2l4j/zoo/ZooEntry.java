package org.l2l4j.zoo;

import java.util.HexFormat;
import java.util.Objects;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * One optimizer of the zoo, as its manifest describes it. The same JSON object is an element of the
 * bundled manifest's {@code entries} and the whole of a per-entry {@code <id>/manifest.json} (in the
 * cache, or on a server), so an entry moves between the two by copy and paste.
 *
 * @param id            what users pass to {@link OptimizerZoo#zoo(String)}; a path segment
 * @param description   one line for humans
 * @param problemFamily family it was meta-trained on (as in its provenance)
 * @param file          file name, in the jar ({@code org/l2l4j/zoo/<file>}), the cache ({@code <id>/<file>})
 *                      and on a server ({@code <base URL><id>/<file>})
 * @param size          the file's length in bytes
 * @param sha256        the file's SHA-256, lower-case hex: what downloads and cached copies are checked against
 * @param result        what it achieved against the best tuned baseline; null when not measured
 * @param architecture  the optimizer network (as in the file)
 * @param provenance    how it was trained (as in the file)
 */
@JsonPropertyOrder({"id", "description", "problemFamily", "file", "size", "sha256", "result", "architecture", "provenance"})
public record ZooEntry(String id, String description, String problemFamily, String file, long size, String sha256,
                       MeasuredResult result, LstmArchitecture architecture, Provenance provenance) {

    public ZooEntry {
        Names.requireId(id);
        Names.requireFileName(file);
        description = description == null ? "" : description;
        Objects.requireNonNull(problemFamily, "problemFamily");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(provenance, "provenance");
        if (size <= 0) throw new IllegalArgumentException("entry " + id + ": size must be positive, got " + size);
        if (sha256 == null || sha256.length() != 64 || !sha256.chars().allMatch(HexFormat::isHexDigit))
            throw new IllegalArgumentException("entry " + id + ": sha256 must be 64 hex digits, got " + sha256);
        sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
    }
}
