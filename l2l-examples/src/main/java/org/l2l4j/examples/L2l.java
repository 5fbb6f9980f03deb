package org.l2l4j.examples;

import org.l2l4j.core.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code l2l} command line: meta-train an optimizer, compare it with tuned baselines. Run the
 * jar ({@code java -jar l2l.jar --help}) or, in-process, {@code L2l.commandLine().execute(args)}.
 */
@Command(name = "l2l", mixinStandardHelpOptions = true, versionProvider = L2l.Version.class,
        description = "Learning to learn by gradient descent by gradient descent, on DeepLearning4J.",
        subcommands = {MetaTrainCommand.class, TuneCommand.class, CompareCommand.class, SuiteCommand.class, VisualizeCommand.class,
                BenchmarkCommand.class, ZooCommand.class,
                CommandLine.HelpCommand.class})
public final class L2l {

    /** Read by the error handler from the parse result; here so that picocli accepts it on every command. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log at INFO level and print stack traces of errors.")
    boolean verbose;

    private static final String SIMPLE_LOGGER_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final String SIMPLE_LOGGER_LEVEL_OF_DOWNLOADS = "org.slf4j.simpleLogger.log.org.l2l4j.zoo.Downloader";

    public static void main(String... args) {
        // Before the first logger exists: ND4J's start-up chatter only with --verbose.
        if (System.getProperty(SIMPLE_LOGGER_LEVEL) == null)
            System.setProperty(SIMPLE_LOGGER_LEVEL, java.util.List.of(args).contains("--verbose") ? "info" : "warn");
        // the zoo says what a download waits for before the wait: a silent server must not make a silent program
        if (System.getProperty(SIMPLE_LOGGER_LEVEL_OF_DOWNLOADS) == null) System.setProperty(SIMPLE_LOGGER_LEVEL_OF_DOWNLOADS, "info");
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The command line with its one-line error reporting; what {@link #main} runs. */
    public static CommandLine commandLine() {
        var errors = new OneLineErrors();
        return new CommandLine(new L2l())
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            return new String[]{"l2l4j " + Provenance.currentVersion()};
        }
    }
}
