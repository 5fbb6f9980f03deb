package org.l2l4j.dl4j.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A library must not change its host's logging. DL4J 1.0.0-M2.1 logs through slf4j 1.7 and its users bind it to
 * logback 1.2 (DL4J's own choice); an slf4j-api 2 brought by l2l4j would win dependency resolution and, finding no
 * slf4j-2 provider, send every log line of the user's program to a no-op logger. This runs a user's program on the
 * class path such a user has (this module's dependencies, logback-classic 1.2.3, copied by the build into
 * target/host-logging, and none of l2l4j's test logging) and checks that its log line reaches logback.
 */
class HostLoggingTest {

    /** The test class path, as surefire hands it to this JVM (directly, or in the manifest of its booter jar). */
    static List<String> testClassPath() throws IOException {
        String direct = System.getProperty("surefire.test.class.path");
        if (direct != null && !direct.isBlank()) return List.of(direct.split(File.pathSeparator));
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.endsWith(".jar") && e.contains("surefirebooter")) {
                try (var jar = new JarFile(e)) {
                    for (String url : jar.getManifest().getMainAttributes().getValue("Class-Path").split(" "))
                        if (!url.isBlank()) entries.add(Path.of(java.net.URI.create(url)).toString());
                }
            } else {
                entries.add(e);
            }
        }
        return entries;
    }

    @Test
    void aDl4jUsersLogbackStillReceivesTheUsersLogLines() throws Exception {
        Path jars = Path.of(System.getProperty("basedir", "."), "target", "host-logging");
        List<String> classPath = new ArrayList<>(testClassPath().stream().filter(e -> !e.contains("slf4j-simple")).toList());
        try (Stream<Path> logback = Files.list(jars)) {
            logback.map(Path::toString).forEach(classPath::add);
        }
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", String.join(File.pathSeparator, classPath), UserProgram.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("logger factory: ch.qos.logback.classic.LoggerContext"), output);
        assertTrue(output.contains("INFO user - a line from the user's program"), output);
    }
}
