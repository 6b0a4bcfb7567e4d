package io.lxbus.instance.domain;

import java.util.Optional;

/** A rule one config or device value must keep; the answer is why it is broken, or empty when it is fine. */
@FunctionalInterface
public interface ValueCheck {

    /** Why {@code value} breaks the rule, or empty when it keeps it. */
    Optional<String> problem(String value);

    /** This check, but an empty value (which LXD treats as unset) always passes. */
    default ValueCheck orEmpty() {
        return value -> value == null || value.isEmpty() ? Optional.empty() : problem(value);
    }

    /** Passes when this check or {@code other} passes; reports this check's reason otherwise. */
    default ValueCheck or(ValueCheck other) {
        return value -> {
            Optional<String> mine = problem(value);
            return mine.isEmpty() || other.problem(value).isEmpty() ? Optional.empty() : mine;
        };
    }
}
