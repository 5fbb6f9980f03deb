package org.l2l4j.examples.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A CSV file of examples, one per line, read with DataVec's {@link CSVRecordReader} through DL4J's
 * {@link RecordReaderDataSetIterator}: one column is the label (a class index 0..classes-1, one-hot
 * encoded, or a regression target when there are no classes), the others the features.
 */
public final class CsvData {
    private CsvData() {}

    /**
     * @param labelColumn 0-based; negative counts from the end (-1: the last column)
     * @param classes     the number of classes, or 0 for a regression target
     * @param skipLines   header lines to skip
     */
    public static DataSet read(Path file, int labelColumn, int classes, int skipLines) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("CSV file " + file + " does not exist");
        if (classes < 0 || classes == 1) throw new IllegalArgumentException("classes must be 0 (regression) or at least 2, got " + classes);
        int columns = columns(file, skipLines);
        int label = labelColumn < 0 ? columns + labelColumn : labelColumn;
        if (label < 0 || label >= columns)
            throw new IllegalArgumentException(file + " has " + columns + " columns: no label column " + labelColumn);
        if (columns < 2) throw new IllegalArgumentException(file + " has one column: no room for features beside the label");
        List<DataSet> parts = new ArrayList<>();
        try (var reader = new CSVRecordReader(skipLines, ',')) {
            reader.initialize(new FileSplit(file.toFile()));
            var iterator = classes > 0 ? new RecordReaderDataSetIterator(reader, 1024, label, classes)
                    : new RecordReaderDataSetIterator(reader, 1024, label, label, true);
            while (iterator.hasNext()) parts.add(iterator.next());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " cannot be read as CSV examples (label column " + label
                    + (classes > 0 ? ", " + classes + " classes" : ", regression") + "): " + Trainer.describe(e), e);
        }
        if (parts.isEmpty()) throw new IllegalArgumentException(file + " holds no examples");
        return DataSet.merge(parts);
    }

    /** Columns of the first line after the header. */
    private static int columns(Path file, int skipLines) throws IOException {
        try (var lines = Files.lines(file)) {
            String first = lines.skip(skipLines).filter(l -> !l.isBlank()).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(file + " holds no examples"));
            return first.split(",", -1).length;
        }
    }

    /**
     * Training examples from {@code train}, held-out ones from {@code heldOut} or, when it is null, the last
     * fifth of {@code train}'s lines.
     */
    public static InMemoryData minibatches(Path train, Path heldOut, int labelColumn, int classes, int skipLines, int batch)
            throws IOException {
        DataSet all = read(train, labelColumn, classes, skipLines);
        DataSet trainPart = all, heldOutPart;
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("data", "CSV " + train.toAbsolutePath() + " (" + Files.size(train) + " bytes, modified "
                + Files.getLastModifiedTime(train) + ")");
        source.put("labels", classes > 0 ? "column " + labelColumn + ", " + classes + " classes" : "column " + labelColumn + ", regression");
        if (heldOut != null) {
            heldOutPart = read(heldOut, labelColumn, classes, skipLines);
            source.put("split", "all lines of the training CSV train; held out: " + heldOut.toAbsolutePath() + " ("
                    + Files.size(heldOut) + " bytes, modified " + Files.getLastModifiedTime(heldOut) + ")");
        } else {
            int n = all.numExamples(), cut = n - Math.max(1, n / 5);
            if (cut < 1) throw new IllegalArgumentException(train + " holds " + n + " examples: too few to hold some out");
            trainPart = (DataSet) all.getRange(0, cut);
            heldOutPart = (DataSet) all.getRange(cut, n);
            source.put("split", "examples 0-" + (cut - 1) + " train, " + cut + "-" + (n - 1) + " held out");
        }
        return new InMemoryData(trainPart, heldOutPart, batch, source);
    }
}
