package org.l2l4j.core.optimizer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * Where the host kernel's results come from when the ND4J kernel is checked against them. On the CPU backend
 * (CI) they are computed in the same run. On a GPU the host kernel cannot run, so a CPU run writes them
 * ({@value #WRITE}=DIR) and the GPU run reads them ({@value #READ}=DIR); scripts/gpu-check.sh does both.
 * ND4J's binary array format is the same on every backend. With {@value #REPORT}=DIR each test class
 * also writes the errors it measured, as JSON.
 */
public final class ReferenceRuns {
    public static final String READ = "l2l4j.check.reference", WRITE = "l2l4j.check.write-reference",
            REPORT = "l2l4j.check.report";

    private final String suite;
    private final List<Map<String, Object>> measured = new ArrayList<>();

    public ReferenceRuns(String suite) {
        this.suite = suite;
    }

    /**
     * The reference array {@code name}: read from {@value #READ}'s directory if set, else computed (and written
     * to {@value #WRITE}'s directory if set).
     */
    public INDArray get(String name, Supplier<INDArray> compute) {
        String in = System.getProperty(READ);
        if (in != null && !in.isBlank()) {
            File f = file(in, name);
            if (!f.isFile())
                throw new IllegalStateException("no reference " + f + ": write the references with -D" + WRITE
                        + "=DIR in a run on the CPU backend first");
            try {
                return Nd4j.readBinary(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read reference " + f, e);
            }
        }
        INDArray value = compute.get();
        String out = System.getProperty(WRITE);
        if (out != null && !out.isBlank()) {
            File f = file(out, name);
            try {
                Files.createDirectories(f.toPath().getParent());
                Nd4j.saveBinary(value, f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write reference " + f, e);
            }
        }
        return value;
    }

    /**
     * Several reference arrays of one run, {@code name-part} each: read from files, or computed together by one
     * call of {@code compute} (which returns them in the order of {@code parts}) on first need.
     */
    public INDArray[] get(String name, Supplier<INDArray[]> compute, String... parts) {
        INDArray[][] once = new INDArray[1][];
        INDArray[] out = new INDArray[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int k = i;
            out[i] = get(name + "-" + parts[i], () -> {
                if (once[0] == null) once[0] = compute.get();
                return once[0][k];
            });
        }
        return out;
    }

    /** Whether references come from files (so the host kernel need not, and on a GPU cannot, run). */
    public static boolean fromFiles() {
        String in = System.getProperty(READ);
        return in != null && !in.isBlank();
    }

    /** Records one measured case for the JSON report. */
    public synchronized void record(Map<String, Object> result) {
        measured.add(result);
    }

    /** Writes {@code DIR/suite.json} if {@value #REPORT} is set. */
    public synchronized void writeReport() {
        String dir = System.getProperty(REPORT);
        if (dir == null || dir.isBlank()) return;
        Path file = Path.of(dir, suite + ".json");
        try {
            Files.createDirectories(file.getParent());
            var json = new java.util.LinkedHashMap<String, Object>();
            json.put("suite", suite);
            json.put("backend", Nd4j.getExecutioner().type().toString());
            json.put("references", fromFiles() ? "read from " + System.getProperty(READ) : "computed in this run");
            json.put("cases", measured);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file, e);
        }
    }

    private File file(String dir, String name) {
        return Path.of(dir, suite, name + ".bin").toFile();
    }
}
