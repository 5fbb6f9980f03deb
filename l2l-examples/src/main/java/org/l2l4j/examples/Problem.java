package org.l2l4j.examples;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.ProblemFamily;
import org.l2l4j.core.QuadraticFamily;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The problem families the command line knows, with the meta-training defaults of each. */
enum Problem {
    QUADRATIC("quadratic", QuadraticFamily::paper, MetaTrainingConfig::quadraticDefaults);

    private final String id;
    private final Supplier<ProblemFamily> family;
    private final Supplier<MetaTrainingConfig> defaults;

    Problem(String id, Supplier<ProblemFamily> family, Supplier<MetaTrainingConfig> defaults) {
        this.id = id;
        this.family = family;
        this.defaults = defaults;
    }

    String id() { return id; }

    ProblemFamily family() { return family.get(); }

    MetaTrainingConfig defaults() { return defaults.get(); }

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
