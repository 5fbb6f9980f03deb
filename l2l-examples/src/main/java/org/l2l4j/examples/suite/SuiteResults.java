package org.l2l4j.examples.suite;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.core.JsonGenerator;
import org.nd4j.shade.jackson.core.util.DefaultPrettyPrinter;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializerProvider;
import org.nd4j.shade.jackson.databind.module.SimpleModule;
import org.nd4j.shade.jackson.databind.ser.std.StdSerializer;

/** What {@code l2l suite} writes to {@code suite.json}: how it was run, and every task's results. */
@JsonPropertyOrder({"settings", "tasks"})
public record SuiteResults(Map<String, Object> settings, List<TaskResult> tasks) {

    /** Pretty-printed, each array on one line; NaN and infinities as null (JSON has no such numbers). */
    public void write(Path file) throws IOException {
        var printer = new DefaultPrettyPrinter().withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".suite", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                JSON.writer(printer).writeValue(out, this);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Double.class, new FiniteOrNull())
            .addSerializer(double.class, new FiniteOrNull())
            .addSerializer(double[].class, new FiniteArray()));

    private static final class FiniteOrNull extends StdSerializer<Double> {
        FiniteOrNull() { super(Double.class); }

        @Override public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v != null && Double.isFinite(v)) g.writeNumber(v);
            else g.writeNull();
        }
    }

    private static final class FiniteArray extends StdSerializer<double[]> {
        FiniteArray() { super(double[].class); }

        @Override public void serialize(double[] values, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartArray();
            for (double v : values) {
                if (Double.isFinite(v)) g.writeNumber(v);
                else g.writeNull();
            }
            g.writeEndArray();
        }
    }
}
