package org.l2l4j.zoo;

import java.nio.file.Path;

/**
 * Where things live in the cache: {@code <root>/<id>/<file>}, {@code <root>/<id>/manifest.json} (for
 * entries not bundled) and {@code <root>/<id>/.lock}, the lock file that serializes writers of that
 * entry across threads and processes. The lock file is never deleted: deleting it would let two
 * processes lock two different files.
 */
record CacheLayout(Path root) {

    CacheLayout {
        root = root.toAbsolutePath().normalize();
    }

    Path entryDir(String id) { return root.resolve(Names.requireId(id)); }

    Path file(ZooEntry entry) { return entryDir(entry.id()).resolve(entry.file()); }

    Path manifest(String id) { return entryDir(id).resolve(Names.MANIFEST); }

    Path lockFile(String id) { return entryDir(id).resolve(Names.LOCK); }
}
