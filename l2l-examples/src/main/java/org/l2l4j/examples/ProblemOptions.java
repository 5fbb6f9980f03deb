package org.l2l4j.examples;

import java.nio.file.Path;
import java.util.Locale;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.metatrain.Validation;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.examples.general.GeneralRecipe;
import org.l2l4j.examples.general.GeneralTasks;
import org.l2l4j.examples.mnist.MnistDigits;
import org.l2l4j.examples.mnist.MnistMlp;
import org.nd4j.linalg.activations.Activation;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that choose a problem family, shared by meta-train, tune and compare. */
final class ProblemOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    // not required here: benchmark has a default; the others check in problem()
    @Option(names = "--problem", converter = Problem.Converter.class,
            completionCandidates = Problem.Candidates.class, paramLabel = "NAME", description = "Problem family: ${COMPLETION-CANDIDATES}.")
    Problem problem;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "mnist: a directory with the standard MNIST files (train-images-idx3-ubyte[.gz], "
                    + "train-labels-idx1-ubyte[.gz], t10k-...). Default: the 10,000 digits bundled in the jar.")
    Path dataDir;

    @Option(names = "--hidden", paramLabel = "N", description = "mnist: hidden units per layer. Default: 20.")
    Integer hidden;

    @Option(names = "--layers", paramLabel = "N", description = "mnist: hidden layers. Default: 1.")
    Integer layers;

    @Option(names = "--activation", paramLabel = "sigmoid|relu|tanh", description = "mnist: hidden activation. Default: sigmoid.")
    String activation;

    private ProblemFamily family;

    /** The chosen problem; a missing --problem is the usual picocli error. */
    Problem problem() {
        if (problem == null) throw new ParameterException(spec.commandLine(), "Missing required option: '--problem=NAME'");
        return problem;
    }

    /** The chosen problem, or {@code fallback} when none was given. */
    Problem problemOr(Problem fallback) {
        if (problem == null) problem = fallback;
        return problem;
    }

    /** The family, built once (MNIST reads its data). */
    ProblemFamily family() {
        if (family == null) family = recipe().build();
        return family;
    }

    /** The family as values that build it in any JVM; checks the options. */
    CommandLineFamily recipe() {
        return switch (problem()) {
            case QUADRATIC -> {
                if (dataDir != null || hidden != null || layers != null || activation != null)
                    throw new ParameterException(spec.commandLine(), "--data-dir, --hidden, --layers and --activation apply to mnist only");
                yield new CommandLineFamily(Problem.QUADRATIC, 0, 0, null, null, null);
            }
            case MNIST -> {
                MnistMlp mlp = mlp();
                yield new CommandLineFamily(Problem.MNIST, mlp.hidden(), mlp.layers(), mlp.activation(), dataDirName(), null);
            }
            case GENERAL -> {
                if (hidden != null || layers != null || activation != null)
                    throw new ParameterException(spec.commandLine(), "--hidden, --layers and --activation apply to mnist only: "
                            + "general draws its networks from a distribution");
                yield new CommandLineFamily(Problem.GENERAL, 0, 0, null, dataDirName(), null);
            }
        };
    }

    /** The validation of the general problem (its tasks scored relative to Adam at 1e-3); null for the others. */
    Validation validation(MetaTrainingConfig config) {
        return problem() == Problem.GENERAL ? GeneralTasks.validation(digits(), config.seed(), config.dataType()) : null;
    }

    /** For commands that run only the paper's problems. */
    void requirePaperProblem(String command) {
        if (problem() == Problem.GENERAL)
            throw new ParameterException(spec.commandLine(), command + " runs the paper's problems (quadratic, mnist); the "
                    + "general optimizer is measured on real DL4J networks by 'l2l suite'");
    }

    MetaTrainingConfig defaults() {
        return switch (problem()) {
            case QUADRATIC -> MetaTrainingConfig.quadraticDefaults();
            case MNIST -> MnistMlp.metaTrainingDefaults();
            case GENERAL -> GeneralRecipe.metaTrainingDefaults();
        };
    }

    MnistMlp mlp() {
        MnistMlp base = MnistMlp.base();
        try {
            return new MnistMlp(hidden != null ? hidden : base.hidden(), layers != null ? layers : base.layers(),
                    activation != null ? activation(activation) : base.activation());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private Activation activation(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sigmoid" -> Activation.SIGMOID;
            case "relu" -> Activation.RELU;
            case "tanh" -> Activation.TANH;
            default -> throw new ParameterException(spec.commandLine(), "unknown activation '" + name + "': sigmoid, relu or tanh");
        };
    }

    private MnistDigits digits;

    private MnistDigits digits() {
        if (digits == null) digits = CommandLineFamily.digits(dataDirName());
        return digits;
    }

    private String dataDirName() {
        return dataDir == null ? null : dataDir.toAbsolutePath().toString();
    }
}
