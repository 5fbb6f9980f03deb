package org.l2l4j.core.metatrain;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The settings in which two runs differ, each by its path through the records: {@code architecture.hidden:
 * checkpoint 20, this run 10}. Records are compared component by component and maps key by key, so a
 * message names what differs instead of printing two whole configurations.
 */
final class Differences {
    private Differences() {}

    static List<String> of(String name, Object checkpoint, Object thisRun) {
        List<String> out = new ArrayList<>();
        walk(name, checkpoint, thisRun, out);
        return out;
    }

    private static void walk(String path, Object a, Object b, List<String> out) {
        // values read back from JSON may be of another boxed type than the live ones: compare what they say
        if (Objects.equals(a, b) || String.valueOf(a).equals(String.valueOf(b))) return;
        if (a != null && b != null && a.getClass() == b.getClass() && a.getClass().isRecord()) {
            for (RecordComponent c : a.getClass().getRecordComponents())
                walk(join(path, c.getName()), value(c, a), value(c, b), out);
        } else if (a instanceof Map<?, ?> m && b instanceof Map<?, ?> n) {
            var keys = new TreeSet<String>();
            m.keySet().forEach(k -> keys.add(String.valueOf(k)));
            n.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String k : keys) walk(join(path, k), lookup(m, k), lookup(n, k), out);
        } else {
            out.add(path + ": checkpoint " + show(a) + ", this run " + show(b));
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass().getName(), e);
        }
    }

    private static Object lookup(Map<?, ?> map, String key) {
        for (var e : map.entrySet()) if (String.valueOf(e.getKey()).equals(key)) return e.getValue();
        return null;
    }

    private static String show(Object v) {
        return v == null ? "(none)" : String.valueOf(v);
    }
}
