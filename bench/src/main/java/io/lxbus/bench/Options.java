package io.lxbus.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options over defaults. */
final class Options {
    private Options() {
    }

    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> options = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }
}
