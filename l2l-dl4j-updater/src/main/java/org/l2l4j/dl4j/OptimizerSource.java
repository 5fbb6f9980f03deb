package org.l2l4j.dl4j;

import java.io.Serializable;
import java.util.Optional;
import java.util.regex.Pattern;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect.Visibility;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Where a {@link LearnedUpdater}'s optimizer comes from, as it is written in the network's JSON: either a
 * zoo reference, {@code {"zoo": "mnist", "sha256": "..."}}, resolved through {@link OptimizerResolver}s,
 * or the optimizer's whole file, {@code {"embedded": "<base64>", "sha256": "..."}}, so that a model
 * trained with a user's own optimizer restores anywhere. The SHA-256 is that of the optimizer's
 * canonical file ({@link TrainedOptimizerFile#toBytes}); it identifies the optimizer, and resolution
 * fails rather than return an optimizer that hashes differently.
 *
 * <p>Immutable and shared by the clones DL4J makes per layer; the resolved optimizer is cached here
 * and, across independently parsed copies, in {@link Resolvers}.
 */
@JsonAutoDetect(fieldVisibility = Visibility.NONE, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
final class OptimizerSource implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @JsonProperty("zoo") private final String zooId;
    @JsonProperty("sha256") private final String sha256;
    @JsonProperty("embedded") private final byte[] embedded;

    /** Resolved lazily: a configuration can be built, copied and serialized without the optimizer at hand. */
    private transient volatile TrainedOptimizer optimizer;

    @JsonCreator
    OptimizerSource(@JsonProperty("zoo") String zooId, @JsonProperty("sha256") String sha256,
                    @JsonProperty("embedded") byte[] embedded) {
        if ((zooId == null) == (embedded == null))
            throw new IllegalArgumentException("a LearnedUpdater's optimizer is either a zoo reference or embedded, got "
                    + (zooId == null ? "neither" : "both"));
        if (zooId != null && zooId.isBlank()) throw new IllegalArgumentException("zoo id is blank");
        if (sha256 == null || !SHA256.matcher(sha256).matches())
            throw new IllegalArgumentException("optimizer sha256 must be 64 lower-case hex digits, got " + sha256);
        this.zooId = zooId;
        this.sha256 = sha256;
        this.embedded = embedded;
    }

    /** A zoo reference when a resolver recognizes the optimizer, else the optimizer embedded. */
    static OptimizerSource of(TrainedOptimizer optimizer) {
        byte[] file = TrainedOptimizerFile.toBytes(optimizer);
        String sha = TrainedOptimizerFile.sha256Hex(file);
        Resolvers.remember(sha, optimizer);
        Optional<String> id = Resolvers.identify(optimizer, sha);
        OptimizerSource source = id.isPresent() ? new OptimizerSource(id.get(), sha, null) : new OptimizerSource(null, sha, file);
        source.optimizer = Resolvers.cached(sha).orElse(optimizer);
        return source;
    }

    /** A reference to zoo entry {@code id}, resolved now so that a wrong id fails here. */
    static OptimizerSource zoo(String id) {
        TrainedOptimizer found = Resolvers.resolveUnchecked(id);
        String sha = Resolvers.sha256(found);
        Resolvers.remember(sha, found);
        OptimizerSource source = new OptimizerSource(id, sha, null);
        source.optimizer = Resolvers.cached(sha).orElse(found);
        return source;
    }

    TrainedOptimizer optimizer() {
        TrainedOptimizer o = optimizer;
        if (o == null) optimizer = o = zooId != null ? Resolvers.resolve(zooId, sha256) : parseEmbedded();
        return o;
    }

    private TrainedOptimizer parseEmbedded() {
        Optional<TrainedOptimizer> seen = Resolvers.cached(sha256);
        if (seen.isPresent()) return seen.get();
        String actual = TrainedOptimizerFile.sha256Hex(embedded);
        if (!actual.equals(sha256))
            throw new IllegalStateException("the embedded optimizer has SHA-256 " + actual + " but the configuration records "
                    + sha256 + ": the configuration JSON was altered");
        TrainedOptimizer parsed = TrainedOptimizerFile.fromBytes(embedded, "optimizer embedded in a LearnedUpdater");
        Resolvers.remember(sha256, parsed);
        return Resolvers.cached(sha256).orElse(parsed);
    }

    String sha256() { return sha256; }

    Optional<String> zooId() { return Optional.ofNullable(zooId); }

    @Override public String toString() {
        return (zooId != null ? "zoo:" + zooId : "embedded") + "@" + sha256.substring(0, 12);
    }
}
