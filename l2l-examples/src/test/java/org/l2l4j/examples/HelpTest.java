package org.l2l4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers --help and -h with its usage and exit code 0, found by walking the tree. */
class HelpTest {

    static void walk(CommandLine command, List<String> path, List<List<String>> all) {
        all.add(path);
        for (CommandLine sub : command.getSubcommands().values()) {
            List<String> longer = new ArrayList<>(path);
            longer.add(sub.getCommandName());
            walk(sub, longer, all);
        }
    }

    @Test void everyCommandAndSubcommandAnswersHelp() {
        List<List<String>> commands = new ArrayList<>();
        walk(L2l.commandLine(), List.of(), commands);
        assertTrue(commands.contains(List.of("zoo", "publish")) && commands.contains(List.of("benchmark")), commands.toString());
        for (List<String> path : commands)
            for (String flag : new String[]{"--help", "-h"}) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                var run = L2lCommandTest.l2l(args.toArray(String[]::new));
                assertEquals(0, run.exitCode(), args + ": " + run.err());
                assertTrue(run.out().contains("Usage: l2l" + (path.isEmpty() ? "" : " " + String.join(" ", path))),
                        args + ": " + run.out());
            }
    }
}
