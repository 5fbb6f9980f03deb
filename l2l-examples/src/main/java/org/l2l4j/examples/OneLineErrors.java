package org.l2l4j.examples;

import java.nio.file.FileSystemException;
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
            String message = t.getMessage();
            // a file-system exception's message is only the path: say what happened to it
            if (t instanceof FileSystemException) message = t.getClass().getSimpleName() + " " + message;
            if (message == null || message.isBlank()) message = t.getClass().getSimpleName();
            String m = message;
            if (parts.stream().noneMatch(p -> p.contains(m))) parts.add(m);
        }
        return String.join(": ", parts);
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand())
            if (p.hasMatchedOption("--verbose")) return true;
        return false;
    }
}
