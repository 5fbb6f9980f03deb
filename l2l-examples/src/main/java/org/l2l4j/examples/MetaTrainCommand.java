package org.l2l4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.core.metatrain.MetaTrainer;
import org.l2l4j.core.metatrain.TrainingListener.EpochReport;
import org.l2l4j.core.optimizer.LowRankMemory;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.RandomScaling;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code l2l meta-train}: meta-trains an optimizer on a problem family and writes it to a file. */
@Command(name = "meta-train", sortOptions = false,
        description = {"Meta-trains an optimizer on a problem family and writes it to a trained-optimizer file.",
                "A checkpoint is written at every validation; an interrupted run (Ctrl-C) resumes from it when "
                        + "started again with the same options, and it is deleted once the run succeeds.",
                "Options without a default take the problem's own (quadratic: MetaTrainingConfig.quadraticDefaults(); "
                        + "mnist: MnistMlp.metaTrainingDefaults(); both listed in README.md)."})
final class MetaTrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin ProblemOptions problem;

    @Option(names = "--arch", defaultValue = "lstm", paramLabel = "lstm|lstm-gac|ntm-lbfgs",
            description = "Optimizer architecture (paper section 2): lstm, the 2 x 20 coordinatewise LSTM; lstm-gac, with "
                    + "global averaging cells; ntm-lbfgs, an LSTM+GAC controlling a low-rank memory with one read and "
                    + "three write heads. Default: ${DEFAULT-VALUE}.")
    String architecture;

    @Option(names = "--global-cells", paramLabel = "N", defaultValue = "5",
            description = "Global averaging cells per layer of lstm-gac and ntm-lbfgs (the paper: 5 of 20). Default: ${DEFAULT-VALUE}.")
    int globalCells;

    @Option(names = "--memory-window", paramLabel = "K", defaultValue = "5",
            description = "Steps of write pairs the ntm-lbfgs memory keeps (L-BFGS's history). Default: ${DEFAULT-VALUE}.")
    int memoryWindow;

    // --hidden and --layers are the MNIST network's (ProblemOptions), so the optimizer's own size has its own names
    @Option(names = "--lstm-layers", paramLabel = "N",
            description = "LSTM layers of the optimizer network (the paper: 2). Default: the problem's.")
    Integer lstmLayers;

    @Option(names = "--lstm-hidden", paramLabel = "N",
            description = "Units per LSTM layer of the optimizer network (the paper: 20). Default: the problem's.")
    Integer lstmHidden;

    @Option(names = "--epochs", paramLabel = "N", description = "Meta-training epochs.")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seeds initialization and problem sampling.")
    Long seed;

    @Option(names = "--batch-size", paramLabel = "N", description = "Problems per epoch.")
    Integer batchSize;

    @Option(names = "--unroll", paramLabel = "N",
            description = "Optimizee steps per truncation of BPTT (the horizon: no truncation).")
    Integer unroll;

    @Option(names = "--meta-lr", paramLabel = "RATE", description = "Adam's learning rate on the optimizer's weights.")
    Double metaLearningRate;

    @Option(names = "--preprocessing", paramLabel = "none|log-sign|moments|moments-gradient|moments-log-sign|moments-rprop|moments-rprop-packed",
            description = "Optimizer inputs: the raw gradient, the paper's log-sign (p = 10), Adam's normalized moments "
                    + "(Lv et al. 2017, decay 0.95), or the moments plus the momentum and gradient times 100 "
                    + "(moments-gradient) or plus the gradient's log-sign (moments-log-sign), or moments-gradient plus "
                    + "the step of Rprop with initial step size 1 (moments-rprop; moments-rprop-packed: the same features "
                    + "from one state plane fewer).")
    String preprocessing;

    @Option(names = "--input-skip", negatable = true, paramLabel = "BOOL",
            description = "A linear path from the inputs to the output besides the LSTM (--no-input-skip: the paper's form).")
    Boolean inputSkip;

    @Option(names = "--output-scale", paramLabel = "X", description = "Constant multiplying the optimizer's output.")
    Double outputScale;

    @Option(names = "--clip-norm", paramLabel = "X", description = "Clip the meta-gradient to this global L2 norm (0: off).")
    Double clipNorm;

    @Option(names = "--objective", converter = ObjectiveConverter.class, paramLabel = "sum|log|log-late",
            description = "Meta-loss: sum of losses (the paper's), sum of log-losses, or log-losses weighted 2t/(T+1) "
                    + "so the end of the horizon counts most.")
    MetaObjective objective;

    @Option(names = "--schedule", paramLabel = "constant|cosine",
            description = "Meta learning rate over the epochs: constant, or cosine decay to a tenth.")
    String schedule;

    @Option(names = "--validate-every", paramLabel = "N",
            description = "Epochs between validations (and checkpoints); the best validated weights are kept.")
    Integer validateEvery;

    @Option(names = "--random-scaling", paramLabel = "R",
            description = "Random scaling (Lv et al. 2017): each meta-training instance f(theta) becomes f(c * phi), c per "
                    + "coordinate log-uniform in [1/R, R]. Validation is unscaled. Default: off.")
    Double randomScaling;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Trained-optimizer file to write.")
    Path out;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Checkpoint file. Default: FILE.ckpt.")
    Path checkpoint;

    @Override public Integer call() throws IOException {
        MetaTrainingConfig config = config(problem.defaults());
        ProblemFamily family = family();
        Path checkpointFile = checkpoint != null ? checkpoint : Path.of(out + ".ckpt");
        createParent(out);
        createParent(checkpointFile);
        Backend.start();

        var err = spec.commandLine().getErr();
        if (Files.exists(checkpointFile)) err.println("resuming from checkpoint " + checkpointFile);
        err.flush();
        TrainedOptimizer trained;
        var progress = new MetaTrainProgress();
        try (progress) {
            trained = new MetaTrainer(family, config, progress).train(checkpointFile);
        }
        TrainedOptimizerFile.write(trained, out);
        Files.deleteIfExists(checkpointFile);
        spec.commandLine().getOut().println(summary(trained, progress.first(), progress.last()));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private ProblemFamily family() {
        if (randomScaling == null) return problem.family();
        try {
            return new RandomScaling(problem.family(), randomScaling);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The problem's defaults with the options given on the command line. */
    MetaTrainingConfig config(MetaTrainingConfig d) {
        try {
            var a = d.architecture();
            var pre = preprocessing(a.preprocessing());
            double scale = or(outputScale, a.outputScale());
            boolean skip = or(inputSkip, a.inputSkip());
            int layers = or(lstmLayers, a.layers()), hidden = or(lstmHidden, a.hidden());
            var chosen = switch (this.architecture.trim().toLowerCase(Locale.ROOT)) {
                case "lstm" -> new LstmArchitecture(layers, hidden, pre, scale, skip);
                case "lstm-gac" -> new LstmArchitecture(layers, hidden, pre, scale, skip, globalCells, null);
                case "ntm-lbfgs" -> new LstmArchitecture(layers, hidden, pre, scale, skip, globalCells,
                        new LowRankMemory(memoryWindow, 3));
                default -> throw new IllegalArgumentException("unknown architecture '" + this.architecture
                        + "': lstm, lstm-gac or ntm-lbfgs");
            };
            return new MetaTrainingConfig(chosen, or(epochs, d.epochs()), or(batchSize, d.batchSize()),
                    d.horizon(), or(unroll, d.unroll()), or(metaLearningRate, d.metaLearningRate()), schedule(d.schedule()), or(clipNorm, d.clipNorm()),
                    or(objective, d.objective()), d.validationInstances(), or(validateEvery, d.validateEvery()),
                    d.forgetBias(), d.outputInitStd(), or(seed, d.seed()), d.dataType());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private Preprocessing preprocessing(Preprocessing fallback) {
        if (preprocessing == null) return fallback;
        return switch (preprocessing.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> new Preprocessing.Identity();
            case "log-sign" -> new Preprocessing.LogSign(10);
            case "moments" -> new Preprocessing.Moments(0.95, 1e-8);
            case "moments-gradient" -> new Preprocessing.MomentsAndGradient(0.95, 1e-8, 100);
            case "moments-log-sign" -> new Preprocessing.MomentsAndLogSign(0.95, 1e-8, 10);
            case "moments-rprop" -> new Preprocessing.MomentsAndRprop(0.95, 1e-8, 100);
            case "moments-rprop-packed" -> new Preprocessing.MomentsAndPackedRprop(0.95, 1e-8, 100);
            default -> throw new ParameterException(spec.commandLine(),
                    "unknown preprocessing '" + preprocessing + "': none, log-sign, moments, moments-gradient, moments-log-sign, moments-rprop or moments-rprop-packed");
        };
    }

    private static <T> T or(T given, T otherwise) {
        return given != null ? given : otherwise;
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
    }

    /** One line: file, best validation loss, epochs, time, throughput and where the time went. */
    private String summary(TrainedOptimizer trained, EpochReport first, EpochReport last) {
        var p = trained.provenance();
        var s = new StringBuilder("wrote ").append(out)
                .append(": best validation loss ").append(MetaTrainProgress.format(p.validationLoss()))
                .append(" at epoch ").append(p.bestEpoch())
                .append("; ").append(p.epochsRun()).append(" epochs");
        if (first != null && first.epoch() > 1) s.append(" (resumed after epoch ").append(first.epoch() - 1).append(')');
        s.append(String.format(Locale.ROOT, " in %.1f s", p.trainingSeconds()));
        if (last != null)
            s.append(String.format(Locale.ROOT, ", %.0f optimizee steps/s, network %.0f%% of the time",
                    last.optimizeeStepsPerSecond(), 100 * last.networkShare()));
        return s.toString();
    }

    private MetaTrainingConfig.Schedule schedule(MetaTrainingConfig.Schedule fallback) {
        if (schedule == null) return fallback;
        try {
            return MetaTrainingConfig.Schedule.valueOf(schedule.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown schedule '" + schedule + "': constant or cosine");
        }
    }

    static final class ObjectiveConverter implements ITypeConverter<MetaObjective> {
        @Override public MetaObjective convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "sum" -> MetaObjective.SUM;
                case "log" -> MetaObjective.LOG;
                case "log-late" -> MetaObjective.LOG_LATE;
                default -> throw new TypeConversionException("unknown objective '" + value + "': sum, log or log-late");
            };
        }
    }
}
