package org.l2l4j.zoo;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * The two manifest forms: the bundled index {@code {"formatVersion": 1, "entries": [entry, ...]}} and a
 * per-entry {@code manifest.json}, which is one entry object. Unknown properties are ignored so that a
 * newer publisher's manifest still loads here.
 */
final class Manifests {
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Manifests() {}

    record Index(int formatVersion, List<ZooEntry> entries) {}

    /** @param source names the bytes in messages */
    static List<ZooEntry> readIndex(byte[] json, String source) throws InvalidManifestException {
        Index index;
        try {
            index = JSON.readValue(json, Index.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidManifestException(source + ": not a zoo manifest: " + rootMessage(e), e);
        }
        if (index == null || index.entries() == null)
            throw new InvalidManifestException(source + ": not a zoo manifest: no \"entries\"", null);
        if (index.formatVersion() < 1 || index.formatVersion() > FORMAT_VERSION)
            throw new InvalidManifestException(source + ": manifest format version " + index.formatVersion()
                    + " is not readable by this l2l-zoo, which reads versions 1 to " + FORMAT_VERSION, null);
        // Bundled files share one resource directory, so two entries must not share a file either.
        Set<String> ids = new HashSet<>(), files = new HashSet<>();
        for (ZooEntry e : index.entries()) {
            if (e == null) throw new InvalidManifestException(source + ": null entry", null);
            if (!ids.add(e.id())) throw new InvalidManifestException(source + ": id '" + e.id() + "' appears twice", null);
            if (!files.add(e.file()))
                throw new InvalidManifestException(source + ": file '" + e.file() + "' appears twice", null);
        }
        return List.copyOf(index.entries());
    }

    /** A per-entry manifest, which must describe {@code expectedId}. */
    static ZooEntry readEntry(byte[] json, String source, String expectedId) throws InvalidManifestException {
        ZooEntry entry;
        try {
            entry = JSON.readValue(json, ZooEntry.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidManifestException(source + ": not a zoo manifest entry: " + rootMessage(e), e);
        }
        if (entry == null) throw new InvalidManifestException(source + ": empty manifest", null);
        if (!entry.id().equals(expectedId))
            throw new InvalidManifestException(source + ": describes id '" + entry.id() + "', expected '" + expectedId + "'", null);
        return entry;
    }

    static byte[] toBytes(ZooEntry entry) {
        try {
            return JSON.writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] indexToBytes(List<ZooEntry> entries) {
        try {
            return JSON.writeValueAsBytes(new Index(FORMAT_VERSION, entries));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Jackson wraps a record constructor's IllegalArgumentException; its own message is the useful one. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline);
    }
}
