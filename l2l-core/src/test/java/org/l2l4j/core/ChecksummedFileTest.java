package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedFileTest {

    /** A pid that no live process has: that of a process that has just ended. */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void theNextWriteRemovesThePartFilesOfKilledWritersAndOnlyThose(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.ckpt");
        long dead = deadPid(), alive = ProcessHandle.current().pid();
        Path killed = dir.resolve(".run.ckpt." + dead + ".1.123.part");
        Path inProgress = dir.resolve(".run.ckpt." + alive + ".99.456.part");
        Path otherFile = dir.resolve(".other.ckpt." + dead + ".1.123.part");
        Path notOurs = dir.resolve(".run.ckpt.backup.part");
        for (Path p : List.of(killed, inProgress, otherFile, notOurs)) Files.write(p, new byte[]{1, 2, 3});

        ChecksummedFile.writeAtomically(new byte[]{4, 5}, file);

        assertArrayEquals(new byte[]{4, 5}, Files.readAllBytes(file));
        assertFalse(Files.exists(killed), "left by a process that is gone");
        assertTrue(Files.exists(inProgress), "a live process may be writing it");
        assertTrue(Files.exists(otherFile), "another file's");
        assertTrue(Files.exists(notOurs), "not named as ours");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(4, files.count(), "the write itself leaves nothing beside the file and the three kept");
        }
    }
}
