package org.l2l4j.examples;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Reports a failure as one line on stderr, {@code l2l compare: no optimizer 'x' in the zoo}, and
 * returns a non-zero exit code: 2 for a bad command line, 1 for a failure while running. The stack
 * trace follows only with {@code --verbose}: users of a command line need the cause, not our frames.
 */
final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        var err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + describe(e));
        if (verbose(parsed)) e.printStackTrace(err);
        err.flush();
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        var err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                + " (see " + command.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The messages of the exception and its causes, each once: "reading zoo entry x: disk full". */
    static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            // a wrapper made from its cause alone says only the cause's class and message: skip to the cause
            if (t.getCause() != null && t.getCause().toString().equals(t.getMessage())) continue;
            String message = t instanceof FileSystemException f ? words(f) : t.getMessage();
            if (message == null || message.isBlank()) message = t.getClass().getSimpleName();
            // a cause whose first line is said already adds only detail (a parser's source position, say)
            String m = message, first = message.lines().findFirst().orElse(message);
            if (parts.stream().noneMatch(p -> p.contains(first))) parts.add(m);
        }
        return String.join(": ", parts);
    }

    /**
     * A file-system failure in words, with the file: "/runs/a.l2l: is a directory". The JDK's messages are
     * the path alone (the class name says what happened) or the path and the system's reason.
     */
    static String words(FileSystemException e) {
        String what;
        if (e instanceof NoSuchFileException) what = "no such file or directory";
        else if (e instanceof FileAlreadyExistsException) what = "already exists";
        else if (e instanceof AccessDeniedException) what = "permission denied";
        else if (e instanceof DirectoryNotEmptyException) what = "is a directory that is not empty";
        else if (e instanceof NotDirectoryException) what = "is not a directory";
        else if (e instanceof NotLinkException) what = "is not a symbolic link";
        else if (e.getReason() != null && !e.getReason().isBlank())
            what = Character.toLowerCase(e.getReason().charAt(0)) + e.getReason().substring(1);
        else what = "cannot be used (" + e.getClass().getSimpleName() + ")";
        if (e.getReason() != null && !what.equalsIgnoreCase(e.getReason()) && !(e instanceof NoSuchFileException))
            what += " (" + e.getReason() + ")";
        String file = e.getFile() == null ? "" : e.getFile() + (e.getOtherFile() == null ? "" : " -> " + e.getOtherFile()) + ": ";
        return file + what;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand())
            if (p.hasMatchedOption("--verbose")) return true;
        return false;
    }
}
