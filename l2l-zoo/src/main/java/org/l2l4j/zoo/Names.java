package org.l2l4j.zoo;

import java.util.regex.Pattern;

/**
 * Ids and file names become path segments of the cache and of URLs, and a manifest may come from a
 * server: restricting them to a plain alphabet keeps every path inside the cache directory and every
 * URL unescaped.
 */
final class Names {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final String MANIFEST = "manifest.json";
    /** The directory of the entries' lock files; a name no id can take. */
    static final String LOCKS = ".locks";
    /** The lock file of entries in caches written before the locks moved to {@link #LOCKS}. */
    static final String OLD_LOCK = ".lock";

    private Names() {}

    static String requireId(String id) {
        if (id == null || !SAFE.matcher(id).matches())
            throw new IllegalArgumentException("invalid zoo id '" + id + "': use 1 to 128 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        return id;
    }

    static String requireFileName(String file) {
        if (file == null || !SAFE.matcher(file).matches() || file.equals(MANIFEST))
            throw new IllegalArgumentException("invalid zoo file name '" + file + "': use 1 to 128 letters, digits, '.',"
                    + " '_' or '-', starting with a letter or digit, other than " + MANIFEST);
        return file;
    }

    static boolean isId(String s) {
        return s != null && SAFE.matcher(s).matches();
    }
}
