package org.l2l4j.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.l2l4j.core.TrainedOptimizerFile;

/** What the cache holds for an entry: nothing, a copy that matches the manifest (its bytes), or one that does not. */
sealed interface CacheState {

    record Missing() implements CacheState {}

    record Valid(byte[] bytes) implements CacheState {}

    record Invalid(String why) implements CacheState {}

    /**
     * Reads and checks the cached copy. The bytes returned are the bytes checked, so a concurrent
     * replacement of the file (always atomic, always by verified content) cannot slip in between.
     */
    static CacheState of(Path file, ZooEntry entry) throws IOException {
        if (!Files.exists(file)) return new Missing();
        if (!Files.isRegularFile(file)) return new Invalid("not a regular file");
        // Check the size first: a wrong-sized file is not worth reading.
        long size;
        byte[] bytes;
        try {
            size = Files.size(file);
            if (size != entry.size()) return new Invalid(size + " bytes, the manifest says " + entry.size());
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Missing();
        }
        return mismatch(bytes, entry).<CacheState>map(Invalid::new).orElseGet(() -> new Valid(bytes));
    }

    /** Why these bytes are not the entry's file, if they are not. */
    static Optional<String> mismatch(byte[] bytes, ZooEntry entry) {
        if (bytes.length != entry.size())
            return Optional.of(bytes.length + " bytes, the manifest says " + entry.size());
        String sha = TrainedOptimizerFile.sha256Hex(bytes);
        if (!sha.equals(entry.sha256()))
            return Optional.of("SHA-256 " + sha + ", the manifest says " + entry.sha256());
        return Optional.empty();
    }
}
