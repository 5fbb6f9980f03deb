package org.l2l4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.metatrain.Validation;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.examples.art.ArtImages;
import org.l2l4j.examples.art.NeuralArt;
import org.l2l4j.examples.conv.ConvNet;
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
                    + "train-labels-idx1-ubyte[.gz], t10k-...). conv: a directory with CIFAR-10's binary files "
                    + "(data_batch_1.bin .. data_batch_5.bin, test_batch.bin, or their cifar-10-batches-bin directory). "
                    + "Default: the 10,000 digits bundled in the jar.")
    Path dataDir;

    @Option(names = "--hidden", paramLabel = "N", description = "mnist: hidden units per layer. Default: 20. "
            + "conv: units of the fully-connected layer. Default: 32.")
    Integer hidden;

    @Option(names = "--conv-channels", paramLabel = "N", description = "conv: filters of each convolutional layer. Default: 16.")
    Integer convChannels;

    @Option(names = "--downsample", paramLabel = "F", description = "conv on the digits: average F x F pixel blocks "
            + "(2: 14 x 14 images; DL4J's convolutions cost about the image area on a CPU). Default: 1.")
    Integer downsample;

    @Option(names = "--kernel", paramLabel = "N", description = "conv: side of the convolution kernels (odd). Default: 5.")
    Integer kernel;

    @Option(names = "--layers", paramLabel = "N", description = "mnist: hidden layers. Default: 1.")
    Integer layers;

    @Option(names = "--activation", paramLabel = "sigmoid|relu|tanh", description = "mnist: hidden activation. Default: sigmoid.")
    String activation;

    @Option(names = "--size", paramLabel = "N",
            description = "art: side of the content, style and styled images. Default: 64 (the paper trains at 64 and tests at 64 and 128).")
    Integer size;

    @Option(names = "--style", paramLabel = "FILE",
            description = "art: the style image, a file or a bundled one (hubble_deep_field, brick). Default: hubble_deep_field, the training style.")
    String style;

    @Option(names = "--features", paramLabel = "auto|random|vgg16",
            description = "art: the network measuring content and style: VGG-16 if its ImageNet weights are in DL4J's cache "
                    + "(auto), the seeded random network, or VGG-16 or an error. Default: auto.")
    String features;

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
        if (family == null) family = build(recipe());
        return family;
    }

    /**
     * The family of {@code recipe}. A data directory that cannot be read is an error of its own (exit 1); what art's
     * options name is checked only as its family is built (an unreadable style, VGG-16 without weights), a usage error.
     */
    ProblemFamily build(CommandLineFamily recipe) {
        try {
            return recipe.build(this::note);
        } catch (IllegalArgumentException e) {
            if (recipe.problem() != Problem.ART) throw e;
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** A line for the user on stderr (what the art set-up chose for its feature network). */
    void note(String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }

    /** The family as values that build it in any JVM; checks the options. */
    CommandLineFamily recipe() {
        Problem p = problem();
        if ((p == Problem.QUADRATIC || p == Problem.ART) && (dataDir != null || hidden != null || layers != null || activation != null))
            throw new ParameterException(spec.commandLine(), "--data-dir, --hidden, --layers and --activation apply to mnist only");
        if (p != Problem.CONV && (convChannels != null || kernel != null || downsample != null))
            throw new ParameterException(spec.commandLine(), "--conv-channels, --kernel and --downsample apply to conv only");
        if (downsample != null && dataDir != null)
            throw new ParameterException(spec.commandLine(), "--downsample applies to the bundled digits, not to CIFAR-10 in --data-dir");
        if (p == Problem.CONV && (layers != null || activation != null))
            throw new ParameterException(spec.commandLine(), "--layers and --activation apply to mnist only: conv is the paper's "
                    + "three convolutional layers and one fully-connected layer, ReLU throughout");
        if (p != Problem.ART && (size != null || style != null || features != null))
            throw new ParameterException(spec.commandLine(), "--size, --style and --features apply to art only");
        return switch (p) {
            case QUADRATIC -> new CommandLineFamily(Problem.QUADRATIC, 0, 0, null, null, null, null);
            case MNIST -> {
                MnistMlp mlp = mlp();
                yield new CommandLineFamily(Problem.MNIST, mlp.hidden(), mlp.layers(), mlp.activation(), dataDirName(), null, null);
            }
            case ART -> new CommandLineFamily(Problem.ART, 0, 0, null, null, art(), null);
            case CONV -> new CommandLineFamily(Problem.CONV, 0, 0, null, dataDirName(), null, null, convNet(), false, false);
            case GENERAL -> {
                if (hidden != null || layers != null || activation != null)
                    throw new ParameterException(spec.commandLine(), "--hidden, --layers and --activation apply to mnist only: "
                            + "general draws its networks from a distribution");
                yield new CommandLineFamily(Problem.GENERAL, 0, 0, null, dataDirName(), null, null);
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
            throw new ParameterException(spec.commandLine(), command + " runs the paper's problems (quadratic, mnist, art, conv); the "
                    + "general optimizer is measured on real DL4J networks by 'l2l suite'");
    }

    MetaTrainingConfig defaults() {
        return switch (problem()) {
            case QUADRATIC -> MetaTrainingConfig.quadraticDefaults();
            case MNIST -> MnistMlp.metaTrainingDefaults();
            case ART -> NeuralArt.metaTrainingDefaults();
            case CONV -> ConvNet.metaTrainingDefaults();
            case GENERAL -> GeneralRecipe.metaTrainingDefaults();
        };
    }

    /** The neural-art set-up: the paper's (64 x 64, training style) with the options given. */
    NeuralArt art() {
        NeuralArt base = NeuralArt.paper();
        try {
            return new NeuralArt(size != null ? size : base.size(), style != null ? ArtImages.style(style) : base.style(),
                    features != null ? NeuralArt.Features.parse(features) : NeuralArt.Features.AUTO);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read the style image " + style + ": " + e.getMessage(), e);
        }
    }

    /** The paper's convolutional network with the sizes given, on CIFAR-10 images with --data-dir, else on the digits. */
    ConvNet convNet() {
        try {
            int c = convChannels != null ? convChannels : 16, k = kernel != null ? kernel : 5, d = hidden != null ? hidden : 32;
            return dataDir != null ? ConvNet.cifar(c, k, d) : ConvNet.digits(c, k, d, downsample != null ? downsample : 1);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
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
