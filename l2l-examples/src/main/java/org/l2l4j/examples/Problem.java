package org.l2l4j.examples;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The problem families the command line knows; {@link ProblemOptions} builds them. */
enum Problem {
    QUADRATIC("quadratic"), MNIST("mnist");

    private final String id;

    Problem(String id) {
        this.id = id;
    }

    String id() { return id; }

    static String known() {
        return Arrays.stream(values()).map(Problem::id).collect(Collectors.joining(", "));
    }

    /** Parses {@code --problem}; the message names the unknown problem and the known ones. */
    static final class Converter implements ITypeConverter<Problem> {
        @Override public Problem convert(String value) {
            for (Problem p : values()) if (p.id.equalsIgnoreCase(value.trim())) return p;
            throw new TypeConversionException("unknown problem '" + value + "'; known: " + known());
        }
    }

    /** For picocli's help and shell completion. */
    static final class Candidates implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() {
            return Arrays.stream(values()).map(Problem::id).iterator();
        }
    }
}
