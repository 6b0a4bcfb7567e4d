package io.lxbus.gateway.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecursionTest {
    @Test
    void levelDefaultsToZeroLikeLxd() {
        assertThat(Recursion.level(null)).isZero();
        assertThat(Recursion.level("x")).isZero();
        assertThat(Recursion.level("1")).isEqualTo(1);
        assertThat(Recursion.level("2")).isEqualTo(2);
    }

    @Test
    void zeroGivesUrlsOneGivesObjects() {
        List<String> names = List.of("a", "b");
        assertThat(Recursion.render(0, names, n -> "/1.0/profiles/" + n, n -> Map.of("name", n)))
                .containsExactly("/1.0/profiles/a", "/1.0/profiles/b");
        assertThat(Recursion.render(1, names, n -> "/1.0/profiles/" + n, n -> Map.of("name", n)))
                .containsExactly(Map.of("name", "a"), Map.of("name", "b"));
    }
}
