package org.l2l4j.examples;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Output paths checked before any work starts, so that a long run cannot end in an error about where its
 * result goes: not empty, no directory where a file goes and no file where a directory goes, and a
 * directory that can be written to (found by creating a file in it), or, when it does not exist yet, whose
 * nearest existing ancestor can (the writers create the missing directories). Nothing is left behind, so a
 * command that then fails on its inputs has written nothing. Each failure says which option, which path and
 * what is wrong with it.
 */
final class OutputPaths {
    private OutputPaths() {}

    /** A file the command writes. */
    static Path file(CommandLine command, String option, Path file) {
        requireNonEmpty(command, option, file);
        if (Files.isDirectory(file))
            throw new ParameterException(command, option + " " + file + " is a directory; it must name a file to write");
        writableDirectory(command, option, file, file.toAbsolutePath().normalize().getParent());
        return file;
    }

    /** A directory the command writes {@code files} into. */
    static Path directory(CommandLine command, String option, Path dir, String... files) {
        requireNonEmpty(command, option, dir);
        writableDirectory(command, option, dir, dir.toAbsolutePath().normalize());
        for (String name : files)
            if (Files.isDirectory(dir.resolve(name)))
                throw new ParameterException(command, option + " " + dir + ": " + dir.resolve(name)
                        + " is a directory, where the command writes a file");
        return dir;
    }

    /** Whether two paths name one file: compared as absolute, normalized paths, through links where they exist. */
    static boolean same(Path a, Path b) {
        return canonical(a).equals(canonical(b));
    }

    private static Path canonical(Path p) {
        Path absolute = p.toAbsolutePath().normalize();
        try {
            if (Files.exists(absolute)) return absolute.toRealPath();
            Path parent = absolute.getParent();
            if (parent != null && Files.exists(parent)) return parent.toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            // unreadable: the path as written is the best answer
        }
        return absolute;
    }

    private static void requireNonEmpty(CommandLine command, String option, Path p) {
        if (p.toString().isBlank()) throw new ParameterException(command, option + " is empty; give it a path");
    }

    private static void writableDirectory(CommandLine command, String option, Path given, Path dir) {
        Path existing = dir;
        while (existing.getParent() != null && !Files.exists(existing)) existing = existing.getParent();
        if (!Files.isDirectory(existing))
            throw new ParameterException(command, option + " " + given + ": " + existing + " is a file, not a directory");
        try {
            Files.delete(Files.createTempFile(existing, ".l2l4j-write-check", ".tmp"));
        } catch (IOException e) {
            throw new ParameterException(command, option + " " + given + ": cannot write in " + existing + ": "
                    + (e instanceof FileSystemException f ? OneLineErrors.words(f) : e.getMessage()));
        }
    }
}
