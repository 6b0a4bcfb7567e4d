package io.lxbus.gateway.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** LXD's {@code recursion} query parameter: 0 lists URLs, 1 lists objects, 2 adds per-kind detail. */
public final class Recursion {
    private Recursion() {
    }

    /** The level asked for; like LXD, anything that is not a number means 0. */
    public static int level(String param) {
        if (param == null || param.isEmpty()) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(param.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A collection at the given level: each item's URL at 0, its rendering above. */
    public static <T> List<Object> render(int level, List<T> items, Function<T, String> url, Function<T, Object> object) {
        List<Object> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(level == 0 ? url.apply(item) : object.apply(item));
        }
        return out;
    }
}
