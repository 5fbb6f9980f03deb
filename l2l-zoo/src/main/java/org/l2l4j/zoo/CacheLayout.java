package org.l2l4j.zoo;

import java.nio.file.Path;

/**
 * Where things live in the cache: {@code <root>/<id>/<file>}, {@code <root>/<id>/manifest.json} (for
 * entries not bundled) and {@code <root>/.locks/<id>.lock}, the lock file that serializes writers of that
 * entry across threads and processes. Locks live apart from the entries so that looking up an id that
 * turns out not to exist leaves no directory for it. A lock file is deleted only after its id turned out not to
 * exist (otherwise deleting it could let two processes lock two different files; see {@code Zoo.locked}).
 * ({@code .locks} is no valid id, so it is never taken for an entry.)
 */
record CacheLayout(Path root) {

    CacheLayout {
        root = root.toAbsolutePath().normalize();
    }

    Path entryDir(String id) { return root.resolve(Names.requireId(id)); }

    Path file(ZooEntry entry) { return entryDir(entry.id()).resolve(entry.file()); }

    Path manifest(String id) { return entryDir(id).resolve(Names.MANIFEST); }

    Path lockFile(String id) { return root.resolve(Names.LOCKS).resolve(Names.requireId(id) + ".lock"); }
}
