package org.l2l4j.examples;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help}, mixed into every command and subcommand ({@code @Mixin HelpOption help;}); a test walks the
 * command tree so that a new command cannot go without it. Not an inherited option: picocli's own {@code help}
 * command declares the same names.
 */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
