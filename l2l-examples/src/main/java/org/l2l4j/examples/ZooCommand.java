package org.l2l4j.examples;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.l2l4j.core.optimizer.StepCost;
import org.l2l4j.zoo.FetchResult;
import org.l2l4j.zoo.MeasuredResult;
import org.l2l4j.zoo.ZooPublisher;
import org.l2l4j.zoo.OptimizerZoo;
import org.l2l4j.zoo.VerifyResult;
import org.l2l4j.zoo.ZooEntry;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code l2l zoo list|info|fetch|verify|publish}: the pretrained optimizers, their cache and their checksums. */
@Command(name = "zoo", description = "Pretrained optimizers: list, show, download into the cache, verify the cache.",
        subcommands = {ZooCommand.List.class, ZooCommand.Info.class, ZooCommand.Fetch.class, ZooCommand.Verify.class,
                ZooCommand.Publish.class})
final class ZooCommand {
    @Mixin HelpOption help;

    /** Where the zoo looks, for every zoo subcommand. */
    static final class Location {
        @Option(names = "--directory", paramLabel = "DIR",
                description = "Cache directory (default: -D" + OptimizerZoo.DIRECTORY_PROPERTY + " or ~/.deeplearning4j/optimizers).")
        Path directory;

        @Option(names = "--base-url", paramLabel = "URL",
                description = "Download base URL (default: -D" + OptimizerZoo.BASE_URL_PROPERTY + "; none otherwise).")
        String baseUrl;

        @Mixin DownloadOptions download;

        void apply(CommandSpec spec) {
            if (directory != null) OptimizerZoo.setDirectory(directory);
            if (baseUrl != null) OptimizerZoo.setBaseUrl(baseUrl);
            download.apply(spec.commandLine());
        }
    }

    @Command(name = "list", description = "Lists the entries: bundled ones, then those in the cache.")
    static final class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin Location location;

        @Override public Integer call() {
            location.apply(spec);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%-20s %-10s %-28s %9s %-12s %s%n", "ID", "PROBLEM", "ARCHITECTURE", "SIZE", "SHA-256", "RESULT");
            for (ZooEntry e : OptimizerZoo.list())
                out.printf(Locale.ROOT, "%-20s %-10s %-28s %9d %-12s %s%n", e.id(), e.problemFamily(), architecture(e),
                        e.size(), e.sha256().substring(0, 12), result(e));
            out.flush();
            return 0;
        }
    }

    @Command(name = "info", description = {"Shows one entry: description, file, checksum, provenance, measured result.",
            "ID may also be a trained-optimizer file (one that meta-train or zoo publish wrote, a group-wise pair too): "
                    + "its architecture, step cost, checksum and provenance."})
    static final class Info implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin Location location;
        @Parameters(paramLabel = "ID|FILE") String id;
        @Option(names = "--json", description = "Print the entry as JSON.") boolean json;

        @Override public Integer call() throws Exception {
            location.apply(spec);
            PrintWriter out = spec.commandLine().getOut();
            Path file = Path.of(id);
            if (Files.isRegularFile(file)) {
                OptimizerFileInfo.print(file, json, out);
                out.flush();
                return 0;
            }
            if (id.endsWith(".l2l") || id.contains(java.io.File.separator))
                throw new IllegalArgumentException("no trained-optimizer file " + file.toAbsolutePath() + " (nor a zoo id: a zoo id has no '"
                        + java.io.File.separator + "' and does not end in .l2l)");
            ZooEntry e = OptimizerZoo.entry(id);
            var cost = e.architecture().stepCost();
            if (json) {
                ObjectNode node = JSON.valueToTree(e);
                out.println(JSON.writeValueAsString(withCost(node, cost)));
            } else {
                out.printf(Locale.ROOT, "id:           %s%ndescription:  %s%nproblem:      %s%narchitecture: %s%n"
                                + "step cost:    %s%n"
                                + "file:         %s (%d bytes)%nsha-256:      %s%nresult:       %s%ncache path:   %s%n"
                                + "trained:      %s%n",
                        e.id(), e.description(), e.problemFamily(), architecture(e), cost(cost), e.file(), e.size(), e.sha256(),
                        result(e), OptimizerZoo.cachePath(e), trained(e.provenance()));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "fetch", description = "Downloads an entry into the cache, even when it is bundled (checks a mirror).")
    static final class Fetch implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin Location location;
        @Parameters(paramLabel = "ID") String id;

        @Override public Integer call() {
            location.apply(spec);
            FetchResult r = OptimizerZoo.fetch(id);
            spec.commandLine().getOut().printf(Locale.ROOT, "fetched %s from %s: %d bytes, sha-256 %s, %d attempt(s), %.1f s -> %s%n",
                    r.id(), r.url(), r.size(), r.sha256(), r.attempts(), r.elapsed().toMillis() / 1e3, r.file());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "verify", description = "Checks every cached file against its manifest; exits 1 if any is unsound.")
    static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin Location location;

        @Override public Integer call() {
            location.apply(spec);
            java.util.List<VerifyResult> results = OptimizerZoo.verify();
            PrintWriter out = spec.commandLine().getOut();
            boolean sound = true;
            for (VerifyResult r : results) {
                out.printf(Locale.ROOT, "%-20s %-16s %s%n", r.id(), r.status(), r.detail());
                sound &= r.healthy();
            }
            out.printf(Locale.ROOT, "%d entr%s checked: %s%n", results.size(), results.size() == 1 ? "y" : "ies",
                    sound ? "all sound" : "problems found");
            out.flush();
            return sound ? 0 : 1;
        }
    }

    @Command(name = "publish", description = {"Turns a trained-optimizer file into a zoo entry: writes "
            + "DIR/ID/<file> and DIR/ID/manifest.json, ready to serve as a base URL (or to bundle).",
            "With --results, the entry records the learned optimizer's final loss against the best baseline of that "
                    + "comparison (l2l compare's results.json), or, from l2l suite's suite.json, the geometric mean over "
                    + "its tasks of the final training loss relative to Adam at 1e-3."})
    static final class Publish implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Parameters(paramLabel = "FILE", description = "A file written by l2l meta-train.") Path file;
        @Option(names = "--id", required = true, description = "Entry id: letters, digits, '.', '_', '-'.") String id;
        @Option(names = "--description", required = true) String description;
        @Option(names = "--results", paramLabel = "RESULTS_JSON", description = "results.json of l2l compare, or suite.json of l2l suite.") Path results;
        @Option(names = "--learned-name", paramLabel = "NAME",
                description = "The learned optimizer's name in the results (default: the only learned one).") String learnedName;
        @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

        @Override public Integer call() throws Exception {
            OutputPaths.directory(spec.commandLine(), "--out", out);
            for (Path written : ZooPublisher.outputs(id, out)) OutputPaths.file(spec.commandLine(), "--out", written);
            MeasuredResult measured = results == null ? null
                    : SuiteMeasure.isSuite(results) ? SuiteMeasure.measured(results, learnedName)
                    : measured(ComparisonResults.read(results), learnedName);
            ZooEntry e = ZooPublisher.publish(file, id, description, measured, out);
            spec.commandLine().getOut().printf(Locale.ROOT, "published %s: %s (%d bytes, sha-256 %s)%s%n", e.id(),
                    out.resolve(e.id()).resolve(e.file()), e.size(), e.sha256(),
                    measured == null ? "" : ", result: " + result(e));
            spec.commandLine().getOut().flush();
            return 0;
        }

        static MeasuredResult measured(ComparisonResults r, String learnedName) {
            var learned = r.optimizers().stream().filter(o -> o.kind() == ComparisonResults.Kind.learned)
                    .filter(o -> learnedName == null || o.name().equals(learnedName)).toList();
            if (learned.size() != 1)
                throw new IllegalArgumentException("the results hold " + learned.size() + " learned optimizers"
                        + (learnedName == null ? "; name one with --learned-name" : " named " + learnedName));
            var best = r.bestBaseline().orElseThrow(() -> new IllegalArgumentException("the results hold no baseline"));
            return new MeasuredResult("mean loss at step " + r.steps(), learned.get(0).finalLoss(),
                    String.format(Locale.ROOT, "%s, lr %.3g (grid 1e-6 * 2^k, tuned on separate problems)", best.name(),
                            best.learningRate()), best.finalLoss(),
                    r.testProblems() + " fresh " + r.problem() + " test problems, seed " + r.seed()
                            + ", disjoint from training, validation and tuning");
        }
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The step's cost added to an entry's or a file's JSON: derived from the architecture, so it is printed and never
     * stored in a manifest.
     */
    static ObjectNode withCost(ObjectNode node, StepCost cost) {
        node.put("flopsPerParameter", cost.flopsPerParameter());
        node.put("stateFloatsPerParameter", cost.stateFloats());
        return node;
    }

    /** e.g. {@code 2026-11-23T23:11:42Z, seed 1, 1000 epochs (best 960), validation loss 0.1773, 280 s, l2l4j 0.1.0}. */
    static String trained(org.l2l4j.core.Provenance p) {
        return String.format(Locale.ROOT, "%s, seed %d, %d epochs (best %d), validation loss %.4g, %.0f s, l2l4j %s", p.createdAt(),
                p.training().seed(), p.epochsRun(), p.bestEpoch(), p.validationLoss(), p.trainingSeconds(), p.projectVersion());
    }

    private static String architecture(ZooEntry e) { return architecture(e.architecture()); }

    static String architecture(org.l2l4j.core.optimizer.LstmArchitecture a) {
        return a.kind() + " " + a.layers() + "x" + a.hidden() + ", " + a.preprocessing().getClass().getSimpleName();
    }

    /** e.g. {@code 15356 FLOPs and 85 state floats per parameter per step}. */
    static String cost(StepCost c) {
        return String.format(Locale.ROOT, "%d FLOPs and %d state floats per parameter per step (GEMMs %d, gates %d, "
                + "output %d, inputs %d, memory %d)", c.flopsPerParameter(), c.stateFloats(), c.gemm(), c.cells(), c.output(),
                c.preprocessing(), c.memory());
    }

    private static String result(ZooEntry e) {
        if (e.result() == null) return "-";
        var r = e.result();
        return String.format(Locale.ROOT, "%s %.4g vs %s %.4g (ratio %.2f)", r.metric(), r.learned(), r.baseline(),
                r.baselineValue(), r.ratio());
    }
}
