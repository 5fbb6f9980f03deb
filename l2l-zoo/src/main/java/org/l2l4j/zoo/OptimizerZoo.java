package org.l2l4j.zoo;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.l2l4j.core.GroupedOptimizer;
import org.l2l4j.core.TrainedOptimizer;

/**
 * Pretrained optimizers by id: {@code new LearnedUpdater(zoo("quadratic"))}.
 *
 * <p>{@link #zoo(String)} looks for the id's manifest entry in the manifest bundled in this jar
 * ({@code org/l2l4j/zoo/manifest.json}), then in the cache ({@code <directory>/<id>/manifest.json}),
 * then on the server ({@code <base URL><id>/manifest.json}); and for the entry's file in the jar (bundled
 * entries), then in the cache ({@code <directory>/<id>/<file>}), then on the server
 * ({@code <base URL><id>/<file>}). Cached and downloaded files are checked against the manifest's
 * SHA-256: a corrupt cached copy is removed and downloaded again; a download is written to a temporary
 * file and renamed into place only once it has passed, under a lock that serializes threads and
 * processes fetching the same entry.
 *
 * <p>The cache directory is {@code ~/.deeplearning4j/optimizers}, or the system property
 * {@value #DIRECTORY_PROPERTY}, or what {@link #setDirectory(Path)} set (in increasing precedence). The
 * base URL is the system property {@value #BASE_URL_PROPERTY} or what {@link #setBaseUrl(String)} set.
 * <strong>l2l4j names no default download host</strong>: the project does not control one, so
 * without a configured base URL only bundled and cached entries resolve, and the error says how to
 * configure one or how to install the file by hand. See {@code l2l-zoo/ZOO.md}.
 *
 * <p>Failures are {@link ZooException}s naming the id, file, URL and cache path.
 */
public final class OptimizerZoo {
    /** System property: the cache directory (it holds one directory per id). */
    public static final String DIRECTORY_PROPERTY = "org.l2l4j.zoo.directory";
    /** System property: the URL of a directory laid out as {@code <id>/manifest.json}, {@code <id>/<file>}. */
    public static final String BASE_URL_PROPERTY = "org.l2l4j.zoo.baseurl";

    private static volatile Path directory;
    private static volatile URI baseUrl;
    private static volatile DownloadPolicy policy;

    private OptimizerZoo() {}

    /**
     * The trained optimizer with this id: bundled, cached or downloaded (see the class comment).
     *
     * @throws ZooException             when it cannot be found, downloaded, checked or read
     * @throws IllegalArgumentException when the id is not a valid id (letters, digits, '.', '_', '-')
     */
    public static TrainedOptimizer zoo(String id) {
        return current().load(id);
    }

    /**
     * The optimizers with this id meta-trained together, one per parameter group (the conv family's pair), found
     * as {@link #zoo(String)} finds an entry: for {@code LearnedUpdaters.byLayerType(zooGroups(id)).applyTo(conf)}.
     *
     * @throws ZooException             when it cannot be found, downloaded, checked or read, or holds one optimizer
     * @throws IllegalArgumentException when the id is not a valid id
     */
    public static GroupedOptimizer zooGroups(String id) {
        return current().loadGroups(id);
    }

    /**
     * The entries known without the network: those of the bundled manifest, in its order, then those
     * with a readable manifest in the cache directory, by id.
     */
    public static List<ZooEntry> list() {
        return current().list();
    }

    /** The manifest entry of an id, downloading the manifest into the cache when it is neither bundled nor cached. */
    public static ZooEntry entry(String id) {
        return current().entry(id);
    }

    /**
     * Downloads the entry's file into the cache, even when it is bundled or cached already (to check a
     * mirror, or to fill a cache for offline use), and checks it; for an entry not bundled the manifest
     * is downloaded again first. The cached copy is replaced only by content that passed.
     *
     * @throws ZooException with reason NO_BASE_URL when no base URL is configured
     */
    public static FetchResult fetch(String id) {
        return current().fetch(id);
    }

    /**
     * Checks every bundled entry and every entry directory in the cache: each cached file against its
     * manifest's size and SHA-256. Changes nothing (a corrupt file is replaced by the next {@code zoo(id)}
     * or {@code fetch(id)}). A directory holding only a lock or a killed download's part file caches nothing
     * and is left out.
     */
    public static List<VerifyResult> verify() {
        return current().verify();
    }

    /** The cache directory now in effect. */
    public static Path directory() {
        Path set = directory;
        if (set != null) return set;
        String property = System.getProperty(DIRECTORY_PROPERTY);
        if (property != null && !property.isBlank()) return Path.of(property.trim());
        return Path.of(System.getProperty("user.home"), ".deeplearning4j", "optimizers");
    }

    /** Overrides the cache directory (and the system property); null returns to them. */
    public static void setDirectory(Path dir) {
        directory = dir;
    }

    /** The download base URL now in effect, ending in '/'; empty when none is configured. */
    public static Optional<URI> baseUrl() {
        URI set = baseUrl;
        if (set != null) return Optional.of(set);
        String property = System.getProperty(BASE_URL_PROPERTY);
        if (property == null || property.isBlank()) return Optional.empty();
        try {
            return Optional.of(Zoo.baseUrl(property));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system property " + BASE_URL_PROPERTY + ": " + e.getMessage(), e);
        }
    }

    /**
     * Overrides the download base URL (and the system property); null returns to the property. A
     * missing trailing '/' is added.
     *
     * @throws IllegalArgumentException when it is not an http or https URL
     */
    public static void setBaseUrl(String url) {
        baseUrl = url == null ? null : Zoo.baseUrl(url);
    }

    /**
     * Time-outs and retries of downloads now in effect: what {@link #setDownloadPolicy} set, else
     * {@link DownloadPolicy#fromSystemProperties()} (the time-outs of {@value DownloadPolicy#CONNECT_TIMEOUT_PROPERTY}
     * and {@value DownloadPolicy#TIMEOUT_PROPERTY}, in seconds, over the defaults).
     */
    public static DownloadPolicy downloadPolicy() {
        DownloadPolicy set = policy;
        return set != null ? set : DownloadPolicy.fromSystemProperties();
    }

    /** Overrides the time-outs and retries of downloads (and the system properties); null returns to them. */
    public static void setDownloadPolicy(DownloadPolicy downloadPolicy) {
        policy = downloadPolicy;
    }

    /** Where an entry's file lives in the cache now in effect. */
    public static Path cachePath(ZooEntry entry) {
        return new CacheLayout(directory()).file(entry);
    }

    private static Zoo current() {
        return new Zoo(Bundle.DEFAULT, directory(), baseUrl().orElse(null), downloadPolicy());
    }
}
