package io.lxbus.storage.domain;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** LXD's fingerprint rules: lowercase sha256 hex; a unique prefix names an image. */
public final class Fingerprints {
    private static final Pattern FULL = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{1,64}");

    private Fingerprints() {
    }

    /** Whether {@code text} is a whole fingerprint. */
    public static boolean isFull(String text) {
        return text != null && FULL.matcher(text).matches();
    }

    /** The one fingerprint among {@code known} that starts with {@code prefix}. */
    public static Resolution resolve(String prefix, Collection<String> known) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            return new Resolution.Missing();
        }
        List<String> matches = known.stream().filter(fp -> fp.startsWith(prefix)).distinct().toList();
        if (matches.isEmpty()) {
            return new Resolution.Missing();
        }
        return matches.size() == 1 ? new Resolution.Found(matches.get(0)) : new Resolution.Ambiguous();
    }

    /** What a prefix names. */
    public sealed interface Resolution {
        /** Exactly one image. */
        record Found(String fingerprint) implements Resolution {
        }

        /** No image. */
        record Missing() implements Resolution {
        }

        /** More than one image. */
        record Ambiguous() implements Resolution {
        }
    }
}
