package io.lxbus.gateway.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterTest {
    private final Map<String, Object> running = Map.of("name", "c1", "status", "Running",
            "config", Map.of("user.tier", "Gold", "limits.cpu", "2"));

    @Test
    void equalityIgnoresCase() {
        assertThat(Filter.parse("status eq running").matches(running)).isTrue();
        assertThat(Filter.parse("status eq stopped").matches(running)).isFalse();
    }

    @Test
    void notEqualAndNot() {
        assertThat(Filter.parse("status ne stopped").matches(running)).isTrue();
        assertThat(Filter.parse("not status eq running").matches(running)).isFalse();
    }

    @Test
    void termsAreAndedAndOrBindsLooser() {
        assertThat(Filter.parse("status eq running and name eq c1").matches(running)).isTrue();
        assertThat(Filter.parse("status eq running and name eq c2").matches(running)).isFalse();
        assertThat(Filter.parse("name eq c2 or status eq running").matches(running)).isTrue();
    }

    @Test
    void configKeysWithDotsAreFound() {
        assertThat(Filter.parse("config.user.tier eq gold").matches(running)).isTrue();
        assertThat(Filter.parse("config.limits.cpu eq 2").matches(running)).isTrue();
        assertThat(Filter.parse("config.user.other eq x").matches(running)).isFalse();
    }

    @Test
    void quotedValuesMayHoldSpaces() {
        Map<String, Object> profile = Map.of("description", "Web servers");
        assertThat(Filter.parse("description eq \"web servers\"").matches(profile)).isTrue();
    }

    @Test
    void emptyFilterKeepsAll() {
        assertThat(Filter.parse(null).matches(running)).isTrue();
        assertThat(Filter.parse("  ").matches(running)).isTrue();
    }

    @Test
    void malformedFiltersAreBadRequests() {
        assertThatThrownBy(() -> Filter.parse("status running")).isInstanceOf(GatewayError.class);
        assertThatThrownBy(() -> Filter.parse("status gt 1")).isInstanceOf(GatewayError.class)
                .hasMessageContaining("gt");
        assertThatThrownBy(() -> Filter.parse("a eq 1 xor b eq 2")).isInstanceOf(GatewayError.class);
    }
}
