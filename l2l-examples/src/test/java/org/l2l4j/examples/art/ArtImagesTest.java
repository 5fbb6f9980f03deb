package org.l2l4j.examples.art;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bundled images: whole photographs kept apart by purpose (held-out content is never a crop of a training
 * photograph), and every bundled image is the file its provenance README names, byte for byte.
 */
class ArtImagesTest {

    @Test void noPhotographServesTwoPurposesAndNoStyleIsContent() {
        var split = ArtImages.content();
        List<String> all = new ArrayList<>();
        all.addAll(split.metaTraining().names());
        all.addAll(split.validation().names());
        all.addAll(split.test().names());
        assertEquals(all.size(), new HashSet<>(all).size(), "a photograph in two purposes: " + all);
        for (String style : ArtImages.STYLES) assertFalse(all.contains(style), style + " is both a style and content");
        assertTrue(ArtImages.STYLES.contains(ArtImages.TRAINING_STYLE) && ArtImages.STYLES.contains(ArtImages.NEW_STYLE));
    }

    @Test void everyBundledImageIsTheOneItsReadmeNames() throws IOException, NoSuchAlgorithmException {
        Map<String, String> listed = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^([0-9a-f]{64})  (\\S+)\\.png$").matcher(resource("README.md"));
        while (m.find()) listed.put(m.group(2), m.group(1));
        Set<String> bundled = new HashSet<>(ArtImages.META_TRAINING);
        bundled.addAll(ArtImages.VALIDATION);
        bundled.addAll(ArtImages.TEST);
        bundled.addAll(ArtImages.STYLES);
        assertEquals(bundled, listed.keySet(), "the README's SHA-256 list names exactly the images the problems use");
        for (String name : bundled) {
            byte[] png;
            try (InputStream in = ArtImages.class.getResourceAsStream(name + ".png")) {
                png = in.readAllBytes();
            }
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
            assertEquals(listed.get(name), sha, name + ".png is not the file the README lists");
        }
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = ArtImages.class.getResourceAsStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
