package org.l2l4j.zoo;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.l2l4j.core.InvalidOptimizerFileException;
import org.l2l4j.core.GroupedOptimizer;
import org.l2l4j.core.GroupedOptimizerFile;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.zoo.ZooException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zoo for one configuration (bundle, cache directory, base URL, download policy): the work behind
 * {@link OptimizerZoo}, which builds one per call from its current settings. Resolution of an id:
 * the bundled manifest, else {@code <cache>/<id>/manifest.json}, else {@code <base URL><id>/manifest.json};
 * then the file: bundled (for bundled entries), else the cache, else {@code <base URL><id>/<file>}.
 */
final class Zoo {
    private static final Logger log = LoggerFactory.getLogger(Zoo.class);
    private static final long MAX_MANIFEST_BYTES = 1 << 20;

    private final Bundle bundle;
    private final CacheLayout cache;
    private final URI baseUrl;
    private final DownloadPolicy policy;
    private Downloader downloader;

    /** @param baseUrl normalized by {@link #baseUrl(String)}; null when downloads are not configured */
    Zoo(Bundle bundle, Path directory, URI baseUrl, DownloadPolicy policy) {
        this.bundle = bundle;
        this.cache = new CacheLayout(directory);
        this.baseUrl = baseUrl;
        this.policy = policy;
    }

    /** A base URL as the zoo uses it: http or https, ending in '/', so that {@code <id>/<file>} resolves below it. */
    static URI baseUrl(String url) {
        String u = url.trim();
        if (!u.endsWith("/")) u += "/";
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid zoo base URL '" + url + "': " + e.getMessage(), e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()))
            throw new IllegalArgumentException("zoo base URL '" + url + "' must be http:// or https://");
        if (uri.getHost() == null) throw new IllegalArgumentException("zoo base URL '" + url + "' has no host");
        return uri;
    }

    Path directory() { return cache.root(); }

    TrainedOptimizer load(String id) {
        return load(id, TrainedOptimizerFile::fromBytes, "a trained optimizer");
    }

    /** The optimizers of an entry whose file holds optimizers meta-trained together on parameter groups. */
    GroupedOptimizer loadGroups(String id) {
        return load(id, GroupedOptimizerFile::fromBytes, "a file of grouped optimizers");
    }

    /** How an entry's checked bytes become what it holds; {@code source} names them in messages. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(byte[] bytes, String source);
    }

    private <T> T load(String id, Reader<T> reader, String what) {
        Names.requireId(id);
        Optional<ZooEntry> bundled = bundle.entry(id);
        if (bundled.isPresent()) {
            ZooEntry entry = bundled.get();
            Optional<byte[]> bytes = bundle.read(entry);
            if (bytes.isPresent())
                return parse(entry, checkBundled(entry, bytes.get()), "bundled " + bundle.resource(entry), reader, what);
            return parse(entry, cachedOrDownloaded(entry), cache.file(entry).toString(), reader, what);
        }
        ZooEntry entry = userEntry(id);
        return parse(entry, cachedOrDownloaded(entry), cache.file(entry).toString(), reader, what);
    }

    ZooEntry entry(String id) {
        Names.requireId(id);
        return bundle.entry(id).orElseGet(() -> userEntry(id));
    }

    /** Bundled entries in manifest order, then entries with a readable manifest in the cache, by id. */
    List<ZooEntry> list() {
        List<ZooEntry> all = new ArrayList<>(bundle.entries());
        Set<String> bundledIds = all.stream().map(ZooEntry::id).collect(Collectors.toSet());
        for (String id : cachedIds()) {
            if (bundledIds.contains(id)) continue;
            Path manifest = cache.manifest(id);
            if (!Files.isRegularFile(manifest)) continue;
            try {
                all.add(Manifests.readEntry(Files.readAllBytes(manifest), manifest.toString(), id));
            } catch (IOException | InvalidManifestException e) {
                // verify() reports it; a listing should not fail because of one broken directory.
                log.debug("Skipping {}: {}", manifest, e.getMessage());
            }
        }
        return List.copyOf(all);
    }

    /**
     * Downloads the entry's file into the cache whether or not it is bundled or cached already (to check
     * a mirror, or to prepare an offline cache); for an entry not bundled, the manifest is downloaded
     * again first. The cached copy is replaced only by content that passes the checks.
     */
    FetchResult fetch(String id) {
        Names.requireId(id);
        Optional<ZooEntry> bundled = bundle.entry(id);
        if (baseUrl == null) {
            Path where = bundled.map(cache::file).orElse(cache.manifest(id));
            throw new ZooException(id, Reason.NO_BASE_URL, bundled.map(ZooEntry::file).orElse(null), null, where,
                    "cannot fetch zoo entry '" + id + "': no download base URL is configured. " + HOW_TO_SET_BASE_URL, null);
        }
        return locked(id, cache.entryDir(id), () -> {
            ZooEntry entry = bundled.isPresent() ? bundled.get() : downloadManifest(id);
            Path file = cache.file(entry);
            Downloader.Outcome outcome = downloadFile(entry, file, "");
            return new FetchResult(entry, file, fileUrl(entry), outcome.size(), entry.sha256(), outcome.attempts(),
                    outcome.elapsed());
        });
    }

    /** Every bundled entry and every directory in the cache, each checked against its manifest. */
    List<VerifyResult> verify() {
        Set<String> ids = new LinkedHashSet<>();
        bundle.entries().forEach(e -> ids.add(e.id()));
        ids.addAll(cachedIds());
        List<VerifyResult> results = new ArrayList<>();
        for (String id : ids) {
            VerifyResult r = verify(id);
            if (r != null) results.add(r);
        }
        return List.copyOf(results);
    }

    /**
     * Whether an entry directory holds lock or part files and nothing else: what looking up an id that does not
     * exist left in older caches, or a download killed before its manifest arrived.
     */
    private boolean holdsNothing(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            return !names.isEmpty() && names.stream().allMatch(n -> n.equals(Names.OLD_LOCK) || n.startsWith(".") && n.endsWith(".part"));
        } catch (IOException e) {
            throw io(null, null, dir, e);
        }
    }

    private VerifyResult verify(String id) {
        Optional<ZooEntry> bundled = bundle.entry(id);
        ZooEntry entry;
        if (bundled.isPresent()) {
            entry = bundled.get();
        } else {
            Path manifest = cache.manifest(id);
            if (!Files.isRegularFile(manifest) && holdsNothing(cache.entryDir(id)))
                return null;   // a lock or a killed download's part file: nothing cached, nothing wrong
            if (!Files.isRegularFile(manifest))
                return new VerifyResult(id, VerifyResult.Status.NO_MANIFEST, manifest, false,
                        "a directory in the cache with no " + Names.MANIFEST + " and no bundled entry of that id");
            try {
                entry = Manifests.readEntry(Files.readAllBytes(manifest), manifest.toString(), id);
            } catch (InvalidManifestException e) {
                return new VerifyResult(id, VerifyResult.Status.INVALID_MANIFEST, manifest, false, e.getMessage());
            } catch (IOException e) {
                throw io(id, null, manifest, e);
            }
        }
        Path file = cache.file(entry);
        boolean isBundled = bundled.isPresent();
        try {
            CacheState state = CacheState.of(file, entry);
            if (state instanceof CacheState.Valid)
                return new VerifyResult(id, VerifyResult.Status.OK, file, isBundled,
                        entry.size() + " bytes, SHA-256 " + entry.sha256());
            if (state instanceof CacheState.Invalid invalid)
                return new VerifyResult(id, VerifyResult.Status.CORRUPT, file, isBundled, invalid.why());
            return new VerifyResult(id, VerifyResult.Status.NOT_CACHED, file, isBundled,
                    isBundled && bundle.read(entry).isPresent() ? "bundled in the jar; no copy in the cache"
                            : "not downloaded yet");
        } catch (IOException e) {
            throw io(id, entry.file(), file, e);
        }
    }

    // ---- resolution ----

    private ZooEntry userEntry(String id) {
        Path manifest = cache.manifest(id);
        if (Files.isRegularFile(manifest)) return readCachedManifest(id, manifest);
        if (baseUrl == null)
            throw new ZooException(id, Reason.UNKNOWN_ID, null, null, manifest, "no optimizer '" + id
                    + "' in the zoo: it is not bundled (bundled: " + bundledIds() + "), there is no manifest at " + manifest
                    + ", and no download base URL is configured. " + HOW_TO_SET_BASE_URL
                    + " Or install a published entry by hand: put its " + Names.MANIFEST + " and its file in "
                    + cache.entryDir(id) + ".", null);
        return locked(id, manifest, () -> Files.isRegularFile(manifest)
                ? readCachedManifest(id, manifest)   // another thread or process got it while we waited
                : downloadManifest(id));
    }

    private ZooEntry readCachedManifest(String id, Path manifest) {
        try {
            return Manifests.readEntry(Files.readAllBytes(manifest), manifest.toString(), id);
        } catch (InvalidManifestException e) {
            throw new ZooException(id, Reason.INVALID_MANIFEST, null, null, manifest, "zoo entry '" + id
                    + "': unusable manifest in the cache: " + e.getMessage() + ". Delete " + manifest
                    + " to download it again, or replace it with the published one.", e);
        } catch (IOException e) {
            throw io(id, null, manifest, e);
        }
    }

    /** Downloads (or re-downloads) the entry's manifest into the cache; the caller holds the entry's lock. */
    private ZooEntry downloadManifest(String id) throws IOException {
        URI url = baseUrl.resolve(id + "/" + Names.MANIFEST);
        Path manifest = cache.manifest(id);
        try {
            downloader().download(url, manifest, part -> {
                long size = Files.size(part);
                if (size > MAX_MANIFEST_BYTES)
                    throw new Downloader.AttemptFailed(Reason.INVALID_MANIFEST, false,
                            "a manifest of " + size + " bytes (at most " + MAX_MANIFEST_BYTES + " allowed)");
                try {
                    Manifests.readEntry(Files.readAllBytes(part), url.toString(), id);
                } catch (InvalidManifestException e) {
                    throw new Downloader.AttemptFailed(Reason.INVALID_MANIFEST, false, e.getMessage());
                }
            });
        } catch (Downloader.Failure f) {
            if (f.reason == Reason.NOT_FOUND)
                throw new ZooException(id, Reason.UNKNOWN_ID, null, url, manifest, "no optimizer '" + id
                        + "' in the zoo: it is not bundled (bundled: " + bundledIds() + "), there is no manifest at "
                        + manifest + ", and " + url + " answered " + f.getMessage(), f);
            throw new ZooException(id, f.reason, null, url, manifest, "could not download the manifest of zoo entry '"
                    + id + "' from " + url + ": " + f.getMessage() + ". To install the entry by hand, save its manifest as "
                    + manifest + " and its file beside it.", f);
        } catch (InterruptedException e) {
            throw interrupted(id, url, manifest, e);
        }
        return readCachedManifest(id, manifest);
    }

    /** The checked bytes of the cached copy, downloading it first when it is missing or corrupt. */
    private byte[] cachedOrDownloaded(ZooEntry entry) {
        Path file = cache.file(entry);
        try {
            if (CacheState.of(file, entry) instanceof CacheState.Valid valid) return valid.bytes();
        } catch (IOException e) {
            throw io(entry.id(), entry.file(), file, e);
        }
        return locked(entry.id(), file, () -> {
            CacheState state = CacheState.of(file, entry);
            if (state instanceof CacheState.Valid valid) return valid.bytes();   // fetched by another thread or process
            String removed = "";
            if (state instanceof CacheState.Invalid invalid) {
                Files.deleteIfExists(file);
                removed = "the cached copy " + file + " was corrupt (" + invalid.why() + ") and has been removed; ";
                log.warn("Zoo entry '{}': {}", entry.id(), removed);
            }
            if (baseUrl == null)
                throw new ZooException(entry.id(), Reason.NO_BASE_URL, entry.file(), null, file, removed + "zoo entry '"
                        + entry.id() + "' (file " + entry.file() + ") is not bundled in l2l-zoo and not in the cache at "
                        + file + ", and no download base URL is configured. " + HOW_TO_SET_BASE_URL + " "
                        + installByHand(entry, file), null);
            downloadFile(entry, file, removed);
            if (CacheState.of(file, entry) instanceof CacheState.Valid valid) return valid.bytes();
            throw new ZooException(entry.id(), Reason.CHECKSUM, entry.file(), fileUrl(entry), file, "zoo entry '"
                    + entry.id() + "': " + file + " changed right after a verified download", null);
        });
    }

    /** The caller holds the entry's lock. */
    private Downloader.Outcome downloadFile(ZooEntry entry, Path file, String note) throws IOException {
        URI url = fileUrl(entry);
        try {
            return downloader().download(url, file, part -> {
                long size = Files.size(part);
                if (size != entry.size())
                    throw new Downloader.AttemptFailed(Reason.CHECKSUM, true, "received " + size + " bytes, the manifest says "
                            + entry.size());
                String sha = TrainedOptimizerFile.sha256Hex(part);
                if (!sha.equals(entry.sha256()))
                    throw new Downloader.AttemptFailed(Reason.CHECKSUM, true, "received content with SHA-256 " + sha
                            + ", the manifest says " + entry.sha256());
            });
        } catch (Downloader.Failure f) {
            throw new ZooException(entry.id(), f.reason, entry.file(), url, file, note + "could not download zoo entry '"
                    + entry.id() + "' (file " + entry.file() + ") from " + url + ": " + f.getMessage() + ". "
                    + installByHand(entry, file), f);
        } catch (InterruptedException e) {
            throw interrupted(entry.id(), url, file, e);
        }
    }

    private byte[] checkBundled(ZooEntry entry, byte[] bytes) {
        Optional<String> mismatch = CacheState.mismatch(bytes, entry);
        if (mismatch.isPresent())
            throw new ZooException(entry.id(), Reason.INVALID_FILE, entry.file(), null, null, "zoo entry '" + entry.id()
                    + "': the bundled file " + bundle.resource(entry) + " does not match its manifest entry ("
                    + mismatch.get() + "): the l2l-zoo jar was built with a stale manifest", null);
        return bytes;
    }

    private static <T> T parse(ZooEntry entry, byte[] bytes, String source, Reader<T> reader, String what) {
        try {
            return reader.read(bytes, "zoo entry '" + entry.id() + "' (" + source + ")");
        } catch (InvalidOptimizerFileException e) {
            throw new ZooException(entry.id(), Reason.INVALID_FILE, entry.file(), null, null, "zoo entry '" + entry.id()
                    + "' (file " + entry.file() + ") matches its manifest but is not " + what + " this l2l4j can"
                    + " read: " + e.getMessage(), e);
        }
    }

    // ---- helpers ----

    static final String HOW_TO_SET_BASE_URL = "l2l4j names no default download host: set the system property "
            + OptimizerZoo.BASE_URL_PROPERTY + " (e.g. -D" + OptimizerZoo.BASE_URL_PROPERTY
            + "=https://your.host/optimizers/) or call OptimizerZoo.setBaseUrl(...) to the URL of a directory served"
            + " as published by ZooPublisher.";

    private String installByHand(ZooEntry entry, Path file) {
        return "To install it by hand, save the file " + entry.file() + " (" + entry.size() + " bytes, SHA-256 "
                + entry.sha256() + ") as " + file + ".";
    }

    private URI fileUrl(ZooEntry entry) {
        return baseUrl == null ? null : baseUrl.resolve(entry.id() + "/" + entry.file());
    }

    private synchronized Downloader downloader() {
        if (downloader == null) downloader = new Downloader(policy);
        return downloader;
    }

    private String bundledIds() {
        List<ZooEntry> entries = bundle.entries();
        return entries.isEmpty() ? "none" : entries.stream().map(ZooEntry::id).collect(Collectors.joining(", "));
    }

    /** Subdirectories of the cache that may be entries, by name. */
    private List<String> cachedIds() {
        if (!Files.isDirectory(cache.root())) return List.of();
        try (Stream<Path> dirs = Files.list(cache.root())) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(Names::isId)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw io(null, null, cache.root(), e);
        }
    }

    private <T> T locked(String id, Path subject, EntryLock.Body<T> body) {
        Path lockFile = cache.lockFile(id);
        List<Path> absent = Stream.of(lockFile.getParent().getParent(), lockFile.getParent(), lockFile)
                .filter(p -> !Files.exists(p)).toList();
        try {
            return EntryLock.with(lockFile, body);
        } catch (ZooException e) {
            // An id that does not exist leaves the cache as it was. Removing a lock file is unsafe in general (two
            // processes could then lock two files), but not here: whoever waits on it finds the id unknown too.
            if (e.reason() == Reason.UNKNOWN_ID) removeIfCreated(absent);
            throw e;
        } catch (IOException e) {
            throw io(id, null, subject, e);
        } catch (InterruptedException e) {
            throw interrupted(id, null, subject, e);
        }
    }

    /** Deletes what of {@code created} (a file, then its parent directories) exists now, directories only when empty. */
    private static void removeIfCreated(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException notEmptyOrGone) {
                return;   // another entry's lock or files arrived meanwhile: keep the rest
            }
        }
    }

    private static ZooException io(String id, String file, Path path, IOException e) {
        return new ZooException(id, Reason.IO, file, null, path, (id == null ? "zoo" : "zoo entry '" + id + "'")
                + ": cannot read or write " + path + ": " + e, e);
    }

    private static ZooException interrupted(String id, URI url, Path path, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ZooException(id, Reason.INTERRUPTED, null, url, path, "zoo entry '" + id + "': interrupted", e);
    }
}
