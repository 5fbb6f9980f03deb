package org.l2l4j.zoo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion for one cache entry, between threads and between processes. A file lock alone is
 * not enough: within one JVM a second {@link FileChannel#lock()} on the same file throws
 * OverlappingFileLockException instead of waiting, so threads first queue on an in-JVM lock and only
 * the holder takes the file lock. Nested use by the thread that holds the lock runs the body directly.
 */
final class EntryLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private EntryLock() {}

    interface Body<T> {
        T run() throws IOException;
    }

    static <T> T with(Path lockFile, Body<T> body) throws IOException, InterruptedException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock lock = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        if (lock.isHeldByCurrentThread()) return body.run();
        lock.lockInterruptibly();
        try {
            Files.createDirectories(key.getParent());
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return body.run();
            }
        } finally {
            lock.unlock();
        }
    }
}
