package org.l2l4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.l2l4j.core.GroupedOptimizer;
import org.l2l4j.core.GroupedOptimizerFile;
import org.l2l4j.core.MetaObjective;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.Provenance;
import org.l2l4j.core.TrainedOptimizer;
import org.l2l4j.core.TrainedOptimizerFile;
import org.l2l4j.core.metatrain.MetaTrainer;
import org.l2l4j.core.metatrain.ShardPlan;
import org.l2l4j.core.metatrain.ShardRunner;
import org.l2l4j.core.metatrain.TrainingListener.EpochReport;
import org.l2l4j.core.metatrain.Validation;
import org.l2l4j.core.optimizer.LowRankMemory;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.optimizer.Preprocessing;
import org.l2l4j.core.optimizer.StepOutput;
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
                        + "mnist: MnistMlp.metaTrainingDefaults(); art: NeuralArt.metaTrainingDefaults(); conv: ConvNet.metaTrainingDefaults(); "
                        + "described in docs/).",
                "conv writes the file of its two optimizers, meta-trained together (one for the convolutional and one for "
                        + "the fully-connected layers), unless --shared."})
final class MetaTrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

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

    @Option(names = "--lstm-hidden", paramLabel = "N", description = "Units per layer of the optimizer's LSTM.")
    Integer lstmHidden;

    @Option(names = "--lstm-layers", paramLabel = "N", description = "Layers of the optimizer's LSTM.")
    Integer lstmLayers;

    @Option(names = "--correction", paramLabel = "S,A[,W]",
            description = "Output as a bounded correction of Adam's step (needs --preprocessing adam-timescales): step = "
                    + "scale * (-d exp(S w tanh o1) + w A tanh o2), d Adam's direction, scale the output scale, w = t^2 / "
                    + "(t^2 + W^2) at step t a warm-up that opens the correction over the first steps (W = 0 or left out: "
                    + "none); 'off' for the paper's linear output.")
    String correction;

    @Option(names = "--horizons", paramLabel = "MIN,MAX,RAMP",
            description = "Horizons drawn per epoch, log-uniform in MIN..max(e), max(e) rising from MIN to MAX over RAMP "
                    + "epochs; 'off' for the one --horizon of the problem's defaults.")
    String horizons;

    @Option(names = "--epochs", paramLabel = "N", description = "Meta-training epochs.")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seeds initialization and problem sampling.")
    Long seed;

    @Option(names = "--batch-size", paramLabel = "N", description = "Problems per epoch.")
    Integer batchSize;

    @Option(names = "--horizon", paramLabel = "N",
            description = "Optimizee steps per problem in meta-training and validation (the paper: 100; conv's test "
                    + "horizon is 1,000).")
    Integer horizon;

    @Option(names = "--unroll", paramLabel = "N",
            description = "Optimizee steps per truncation of BPTT (the horizon: no truncation).")
    Integer unroll;

    @Option(names = "--meta-lr", paramLabel = "RATE", description = "Adam's learning rate on the optimizer's weights.")
    Double metaLearningRate;

    @Option(names = "--preprocessing", paramLabel = "none|log-sign|moments|moments-gradient|moments-log-sign|moments-rprop|moments-rprop-packed|adam-timescales",
            description = "Optimizer inputs: the raw gradient, the paper's log-sign (p = 10), Adam's normalized moments "
                    + "(Lv et al. 2017, decay 0.95), or the moments plus the momentum and gradient times 100 "
                    + "(moments-gradient) or plus the gradient's log-sign (moments-log-sign), or moments-gradient plus "
                    + "the step of Rprop with initial step size 1 (moments-rprop; moments-rprop-packed: the same features "
                    + "from one state plane fewer), or Adam's accumulators at the timescales "
                    + "0.9, 0.99, 0.999 and step-count embeddings (adam-timescales).")
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

    @Option(names = "--validation-instances", paramLabel = "N",
            description = "Problems in the fixed validation set that chooses the kept weights.")
    Integer validationInstances;

    @Option(names = "--random-scaling", paramLabel = "R",
            description = "Random scaling (Lv et al. 2017): each meta-training instance f(theta) becomes f(c * phi), c per "
                    + "coordinate log-uniform in [1/R, R]. Validation is unscaled. Default: off.")
    Double randomScaling;

    @Option(names = "--shards", paramLabel = "N",
            description = "Cut each epoch's problems into N shards of equal size, the unit of parallel work: tasks of this "
                    + "process's worker pool, or Spark tasks. The same seed and N give the same optimizer bit for bit in one "
                    + "process and on Spark. Default: 2 when the batch size is even, else 1.")
    Integer shards;

    @Option(names = "--spark", arity = "0..1", fallbackValue = "", paramLabel = "MASTER",
            description = "Meta-train on Apache Spark, one task per shard and truncation; validation and checkpoints stay "
                    + "here, on the driver. MASTER is a Spark master URL: local[N] runs Spark in this process with N task "
                    + "threads (local[N,F]: a failed task is tried up to F times); without MASTER, the one spark-submit "
                    + "gives. Executors build the problems themselves: --data-dir must be readable there. Default: the "
                    + "shards run in this process.")
    String spark;

    @Option(names = "--shared",
            description = "conv: one LSTM shared by every parameter (the single optimizer the paper compares with) instead of "
                    + "two meta-trained together, one for the convolutional layers and one for the fully-connected ones.")
    boolean shared;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Trained-optimizer file to write.")
    Path out;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Checkpoint file. Default: FILE.ckpt.")
    Path checkpoint;

    @Override public Integer call() throws IOException {
        MetaTrainingConfig config = config(problem.defaults());
        // every output checked before any work: a run must not end in an error about where its result goes
        OutputPaths.file(spec.commandLine(), "--out", out);
        Path checkpointFile = checkpoint != null ? checkpoint : Path.of(out + ".ckpt");
        OutputPaths.file(spec.commandLine(), "--checkpoint", checkpointFile);
        if (OutputPaths.same(out, checkpointFile))
            throw new ParameterException(spec.commandLine(), "--out and --checkpoint name the same file, " + out
                    + ": the checkpoint is deleted when the run succeeds, and the result with it. Give the checkpoint "
                    + "another name (by default it is the output file's name with .ckpt appended)");
        try {
            if (randomScaling != null) RandomScaling.requireRange(randomScaling);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        CommandLineFamily recipe = problem.recipe().withRandomScaling(randomScaling);
        if (shared && recipe.problem() != Problem.CONV)
            throw new ParameterException(spec.commandLine(), "--shared applies to conv only: the other problems have one optimizer for every parameter");
        recipe = recipe.withShared(shared);
        if (spark != null && (recipe.problem() == Problem.ART || recipe.problem() == Problem.CONV))
            throw new ParameterException(spec.commandLine(), "--spark runs quadratic, mnist and general; " + recipe.problem().id()
                    + " meta-trains in one process");
        boolean grouped = recipe.problem() == Problem.CONV && !shared;
        ProblemFamily family = problem.build(recipe);
        ShardPlan plan = plan(config);
        Validation validation = problem.validation(config);
        var progress = new MetaTrainProgress();
        int held = new MetaTrainer(family, config, progress, validation).epochsInCheckpoint(checkpointFile);
        if (held > config.epochs())
            throw new ParameterException(spec.commandLine(), "checkpoint " + checkpointFile + " holds " + held
                    + " epochs of this run, more than --epochs " + config.epochs() + "; it was left as it is. To continue "
                    + "it, run with --epochs N, N >= " + held + " (--epochs " + held + " writes the result it holds without "
                    + "training); to start over, delete it or choose another --checkpoint");
        Backend.start();

        var err = spec.commandLine().getErr();
        if (held > 0) err.println("resuming from checkpoint " + checkpointFile + " (" + held + " of " + config.epochs() + " epochs done)");
        err.flush();
        TrainedOptimizer trained = null;
        GroupedOptimizer pair = null;
        String where = "";
        if (spark == null) {
            try (progress; var local = ShardRunner.local(family, config, plan)) {
                var trainer = new MetaTrainer(family, config, progress, validation, local);
                if (grouped) pair = trainer.trainGroups(checkpointFile);
                else trained = trainer.train(checkpointFile);
            }
        } else {
            try (progress; var cluster = SparkSupport.start(spec, spark, recipe, config, plan)) {
                trained = new MetaTrainer(family, config, progress, validation, cluster.runner()).train(checkpointFile);
                where = "; " + cluster.describe();
            }
        }
        Provenance provenance = pair != null ? pair.provenance() : trained.provenance();
        try {
            if (pair != null) GroupedOptimizerFile.write(pair, out);
            else TrainedOptimizerFile.write(trained, out);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileSystemException f ? OneLineErrors.words(f) : String.valueOf(e.getMessage());
            throw new java.io.UncheckedIOException("could not write the trained optimizer to " + out + " (" + why
                    + "). The run is not lost: checkpoint " + checkpointFile + " holds "
                    + (provenance.epochsRun() == 1 ? "its one epoch" : "all its " + provenance.epochsRun() + " epochs") + "; run the same command with --checkpoint " + checkpointFile + " and an --out that can be "
                    + "written to, and it writes the result without training again", e);
        }
        Files.deleteIfExists(checkpointFile);
        spec.commandLine().getOut().println(summary(provenance, pair, progress.first(), progress.last()) + where);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private ShardPlan plan(MetaTrainingConfig config) {
        try {
            return shards == null ? ShardPlan.of(config) : ShardPlan.of(config, shards);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--shards " + shards + ": " + e.getMessage(), e);
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
                case "lstm" -> new LstmArchitecture(layers, hidden, pre, scale, skip, 0, null, output(a.output()));
                case "lstm-gac" -> new LstmArchitecture(layers, hidden, pre, scale, skip, globalCells, null, output(a.output()));
                case "ntm-lbfgs" -> new LstmArchitecture(layers, hidden, pre, scale, skip, globalCells,
                        new LowRankMemory(memoryWindow, 3));
                default -> throw new IllegalArgumentException("unknown architecture '" + this.architecture
                        + "': lstm, lstm-gac or ntm-lbfgs");
            };
            return new MetaTrainingConfig(chosen, or(epochs, d.epochs()), or(batchSize, d.batchSize()),
                    or(horizon, d.horizon()), or(unroll, d.unroll()), or(metaLearningRate, d.metaLearningRate()), schedule(d.schedule()), or(clipNorm, d.clipNorm()),
                    or(objective, d.objective()), or(validationInstances, d.validationInstances()), or(validateEvery, d.validateEvery()),
                    d.forgetBias(), d.outputInitStd(), or(seed, d.seed()), d.dataType(), horizons(d.horizons()));
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
            case "adam-timescales" -> Preprocessing.AdamTimescales.standard();
            default -> throw new ParameterException(spec.commandLine(), "unknown preprocessing '" + preprocessing
                    + "': none, log-sign, moments, moments-gradient, moments-log-sign, moments-rprop, moments-rprop-packed "
                    + "or adam-timescales");
        };
    }

    private StepOutput output(StepOutput fallback) {
        if (correction == null) return fallback;
        if (correction.trim().equalsIgnoreCase("off")) return null;
        double[] v = numbers("--correction", correction, 2, 3);
        return new StepOutput.AdamCorrection(v[0], v[1], v.length == 3 ? v[2] : 0);
    }

    private MetaTrainingConfig.Horizons horizons(MetaTrainingConfig.Horizons fallback) {
        if (horizons == null) return fallback;
        if (horizons.trim().equalsIgnoreCase("off")) return null;
        double[] v = numbers("--horizons", horizons, 3);
        return new MetaTrainingConfig.Horizons((int) v[0], (int) v[1], (int) v[2]);
    }

    private double[] numbers(String option, String value, int count) {
        return numbers(option, value, count, count);
    }

    private double[] numbers(String option, String value, int least, int most) {
        String[] parts = value.split(",");
        if (parts.length < least || parts.length > most)
            throw new ParameterException(spec.commandLine(), option + " takes " + (least == most ? "" + least : least + " or " + most)
                    + " comma-separated numbers, got '" + value + "'");
        double[] v = new double[parts.length];
        for (int i = 0; i < v.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), option + ": '" + parts[i].trim() + "' is not a number");
            }
        }
        return v;
    }

    private static <T> T or(T given, T otherwise) {
        return given != null ? given : otherwise;
    }

    /** One line: file, best validation loss, epochs, time, throughput and where the time went. */
    private String summary(Provenance p, GroupedOptimizer pair, EpochReport first, EpochReport last) {
        var s = new StringBuilder("wrote ").append(out);
        if (pair != null) s.append(" (one optimizer per parameter group: ").append(String.join(", ", pair.groups())).append(')');
        s
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
