package org.l2l4j.dl4j.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH from Maven without an extra plugin, only when asked:
 * <pre>
 * mvn -o -B -pl l2l-dl4j-updater -am test -Dtest=UpdaterBenchmarkLauncher \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Djmh.args="UpdaterBenchmark"
 * </pre>
 * {@code jmh.args} is a JMH command line, e.g. {@code "UpdaterBenchmark -p n=1000000 -wi 1 -i 3"}.
 */
class UpdaterBenchmarkLauncher {
    @Test
    @EnabledIfSystemProperty(named = "jmh.args", matches = ".+")
    void runJmh() throws Exception {
        var results = new Runner(new CommandLineOptions(System.getProperty("jmh.args").trim().split("\\s+"))).run();
        assertFalse(results.isEmpty(), "JMH ran no benchmark");
    }
}
