package org.l2l4j.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The entries shipped inside a jar: a manifest index at {@code <prefix>manifest.json} and each entry's
 * file beside it at {@code <prefix><file>}. An entry may be listed without its file being bundled (a
 * large optimizer served only by download).
 */
final class Bundle {
    static final Bundle DEFAULT = new Bundle(OptimizerZoo.class.getClassLoader(), "org/l2l4j/zoo/");

    private final ClassLoader loader;
    private final String prefix;
    private volatile List<ZooEntry> entries;

    Bundle(ClassLoader loader, String prefix) {
        this.loader = loader;
        this.prefix = prefix;
    }

    String manifestResource() { return prefix + Names.MANIFEST; }

    String resource(ZooEntry entry) { return prefix + entry.file(); }

    /** Read once: the jar does not change under a running JVM. */
    List<ZooEntry> entries() {
        List<ZooEntry> e = entries;
        if (e == null) entries = e = load();
        return e;
    }

    Optional<ZooEntry> entry(String id) {
        return entries().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The bundled file of a bundled entry; empty when the entry is listed but its file is not bundled. */
    Optional<byte[]> read(ZooEntry entry) {
        return readResource(resource(entry));
    }

    private List<ZooEntry> load() {
        String name = manifestResource();
        byte[] json = readResource(name).orElseThrow(() -> new ZooException(null, ZooException.Reason.INVALID_MANIFEST,
                null, null, null, "the bundled zoo manifest " + name + " is missing from the classpath: the l2l-zoo jar"
                + " is incomplete", null));
        try {
            return Manifests.readIndex(json, "bundled zoo manifest " + name);
        } catch (InvalidManifestException e) {
            throw new ZooException(null, ZooException.Reason.INVALID_MANIFEST, null, null, null, e.getMessage(), e);
        }
    }

    private Optional<byte[]> readResource(String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the bundled zoo resource " + name, e);
        }
    }
}
