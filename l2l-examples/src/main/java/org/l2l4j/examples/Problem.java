package org.l2l4j.examples;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The problem families the command line knows; {@link ProblemOptions} builds them. */
enum Problem {
    // MNIST networks cost about 30 times more a step than a quadratic, an image far more: fewer problems by default
    QUADRATIC("quadratic", 128, 100, 100), MNIST("mnist", 32, 50, 100), ART("art", 8, 20, 128),
    /** The paper's convolutional network (section 3.3), 1,000 steps as in its Figure 7: a step costs far more again. */
    CONV("conv", 4, 10, 1000),
    /** The generalist's task distribution: meta-train only (it is measured by the suite, not by compare). */
    GENERAL("general", 0, 0, 100);

    private final String id;
    private final int tuningInstances, testProblems, steps;

    Problem(String id, int tuningInstances, int testProblems, int steps) {
        this.id = id;
        this.tuningInstances = tuningInstances;
        this.testProblems = testProblems;
        this.steps = steps;
    }

    /** Optimization steps of a comparison or a tuning search, unless --steps says otherwise (the paper's horizons). */
    int steps() { return steps; }

    String id() { return id; }

    /** Tuning problems each learning rate is scored on, unless --tuning-instances says otherwise. */
    int tuningInstances() { return tuningInstances; }

    /** Test problems of a comparison, unless --test-problems says otherwise. */
    int testProblems() { return testProblems; }

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
