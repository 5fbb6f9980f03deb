package org.l2l4j.examples.art;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.l2l4j.core.problem.Split;
import org.l2l4j.core.problem.art.ContentCrops;
import org.l2l4j.core.problem.art.RgbImage;

/**
 * The images bundled in this jar for the neural-art problems (their provenance: the README beside them):
 * six photographs for content, split by whole photograph, and two style images.
 */
public final class ArtImages {
    static final List<String> META_TRAINING = List.of("astronaut", "motorcycle_left", "rocket"),
            VALIDATION = List.of("coffee"), TEST = List.of("chelsea", "camera"), STYLES = List.of("hubble_deep_field", "brick");
    /** The style of meta-training and of the test at the training size. */
    public static final String TRAINING_STYLE = "hubble_deep_field";
    /** The style the paper's second test changes to. */
    public static final String NEW_STYLE = "brick";

    private ArtImages() {}

    /** Content photographs: meta-training, validation (and baseline tuning), test. */
    public static Split<ContentCrops> content() {
        return new Split<>(crops(META_TRAINING), crops(VALIDATION), crops(TEST));
    }

    private static ContentCrops crops(List<String> names) {
        return new ContentCrops(names.stream().map(ArtImages::bundled).toList());
    }

    /** A bundled image by name, without ".png". */
    public static RgbImage bundled(String name) {
        String file = name + ".png";
        try (InputStream in = ArtImages.class.getResourceAsStream(file)) {
            if (in == null) throw new IllegalArgumentException("no bundled image " + name);
            return RgbImage.read(name, in, "bundled image " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled image " + file, e);
        }
    }

    /**
     * A style image: a bundled style by name ({@code hubble_deep_field}, {@code brick}), or an image file. The
     * message names the file and what is wrong with it.
     */
    public static RgbImage style(String nameOrFile) throws IOException {
        String name = nameOrFile.trim();
        if (STYLES.contains(name)) return bundled(name);
        Path file = Path.of(name);
        if (!Files.isRegularFile(file))
            throw new IllegalArgumentException("style image " + file + " does not exist (a file, or one of the bundled styles " + STYLES + ")");
        return RgbImage.read(file);
    }
}
