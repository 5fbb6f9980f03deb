package org.l2l4j.examples;

import org.l2l4j.zoo.DownloadPolicy;
import org.l2l4j.zoo.OptimizerZoo;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How long zoo downloads wait, for the commands that may download (zoo subcommands, compare). */
final class DownloadOptions {
    @Option(names = "--connect-timeout", paramLabel = "SECONDS",
            description = "Longest wait for a connection to the zoo's server (default: -D" + DownloadPolicy.CONNECT_TIMEOUT_PROPERTY
                    + " or 10).")
    Double connectTimeout;

    @Option(names = "--download-timeout", paramLabel = "SECONDS",
            description = "Longest wait for one download attempt, answer and body; 3 attempts are made (default: -D"
                    + DownloadPolicy.TIMEOUT_PROPERTY + " or 60).")
    Double timeout;

    /** Sets the zoo's download policy for this run; a bad value is a usage error of {@code command}. */
    void apply(CommandLine command) {
        if (connectTimeout == null && timeout == null) return;
        try {
            OptimizerZoo.setDownloadPolicy(OptimizerZoo.downloadPolicy().withTimeouts(
                    connectTimeout == null ? null : DownloadPolicy.seconds(connectTimeout, "--connect-timeout"),
                    timeout == null ? null : DownloadPolicy.seconds(timeout, "--download-timeout")));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command, e.getMessage(), e);
        }
    }
}
