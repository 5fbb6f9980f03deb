package org.l2l4j.zoo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.l2l4j.core.GroupedOptimizer;
import org.l2l4j.core.GroupedOptimizerFile;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.core.optimizer.LstmArchitecture;

/**
 * Makes a trained-optimizer file servable: {@code publish(file, "my-mnist", "...", out)} writes
 * {@code out/my-mnist/my-mnist.l2l} and {@code out/my-mnist/manifest.json}, after which any static HTTP
 * server serving {@code out} is a zoo base URL: {@code -Dorg.l2l4j.zoo.baseurl=http://host/out/} and
 * {@code zoo("my-mnist")}. The same {@code manifest.json}, copied into the {@code entries} of the bundled
 * manifest with the file beside it, adds the entry to the l2l-zoo jar.
 */
public final class ZooPublisher {
    private ZooPublisher() {}

    /**
     * The files {@link #publish} writes for {@code id} under {@code outDir}, the entry's file first: for a
     * caller to check them before any work.
     *
     * @throws IllegalArgumentException when the id is not a valid id
     */
    public static List<Path> outputs(String id, Path outDir) {
        Path dir = outDir.resolve(Names.requireId(id));
        return List.of(dir.resolve(fileName(id)), dir.resolve(Names.MANIFEST));
    }

    private static String fileName(String id) {
        return id + ".l2l";
    }

    /** {@link #publish(Path, String, String, MeasuredResult, Path)} without a measured result. */
    public static ZooEntry publish(Path trainedOptimizerFile, String id, String description, Path outDir) throws IOException {
        return publish(trainedOptimizerFile, id, description, null, outDir);
    }

    /**
     * Writes {@code outDir/<id>/<id>.l2l} (a copy of the file) and {@code outDir/<id>/manifest.json} (its
     * size, SHA-256, architecture and provenance read from the file, and the given description and
     * result), each atomically.
     *
     * @param result what the optimizer achieved against the best tuned baseline; may be null
     * @return the manifest entry written
     * @throws org.l2l4j.core.InvalidOptimizerFileException when the file is not a readable trained optimizer
     * @throws IllegalArgumentException when the id is not a valid id
     */
    public static ZooEntry publish(Path trainedOptimizerFile, String id, String description, MeasuredResult result,
                                   Path outDir) throws IOException {
        Names.requireId(id);
        byte[] bytes = TrainedOptimizerFile.readBytes(trainedOptimizerFile);
        // Parsing checks the file's own checksum: a corrupt file is refused here, not by every user.
        LstmArchitecture architecture;
        Provenance provenance;
        if (GroupedOptimizerFile.isGrouped(bytes)) {   // optimizers trained together on parameter groups: zooGroups(id)
            GroupedOptimizer groups = GroupedOptimizerFile.fromBytes(bytes, trainedOptimizerFile.toString());
            architecture = groups.architecture();
            provenance = groups.provenance();
        } else {
            TrainedOptimizer optimizer = TrainedOptimizerFile.fromBytes(bytes, trainedOptimizerFile.toString());
            architecture = optimizer.architecture();
            provenance = optimizer.provenance();
        }
        ZooEntry entry = new ZooEntry(id, description, provenance.problemFamily(), fileName(id), bytes.length,
                TrainedOptimizerFile.sha256Hex(bytes), result, architecture, provenance);
        Path dir = outDir.resolve(id);
        // The file first: a server never lists a manifest whose file is missing.
        AtomicFiles.write(bytes, dir.resolve(entry.file()));
        AtomicFiles.write(Manifests.toBytes(entry), dir.resolve(Names.MANIFEST));
        return entry;
    }
}
