package io.lxbus.instance.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Map;

import static io.lxbus.instance.domain.ConfigScope.INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code snapshots.expiry} as LXD 5.0.2 reads it (the accepted and refused values were tried on a real LXD). */
class SnapshotExpiryTest {

    @ParameterizedTest
    @ValueSource(strings = {"1d", "0d", " 1d", "1M", "30M", "1m", "1y", "01d", "2H 1d", "1w 1M 1H 1d 1m 1y",
        "99999999999d"})
    void acceptsWhatLxdAccepts(String value) {
        assertThat(SnapshotExpiry.parse(value).error()).isNull();
        assertThat(InstanceConfig.problem("snapshots.expiry", value, INSTANCE)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1D", "1d  2H", "1.5d", "d", "1x", "1d 1d", "-1d", "1 d", "99999999999999999999d"})
    void refusesWhatLxdRefusesWithItsReason(String value) {
        assertThat(SnapshotExpiry.parse(value).error()).isEqualTo("Invalid expiry expression");
        assertThat(InstanceConfig.problem("snapshots.expiry", value, INSTANCE))
                .contains("Invalid value for config key \"snapshots.expiry\": Invalid expiry expression");
    }

    @ParameterizedTest
    @CsvSource({
        "2025-03-01T10:00:00Z, 1d 2H, 2025-03-02T12:00:00Z",
        "2025-03-01T10:00:00Z, 30M, 2025-03-01T10:30:00Z",
        "2025-03-01T10:00:00Z, 2w, 2025-03-15T10:00:00Z",
        "2025-03-01T10:00:00Z, 1y, 2026-03-01T10:00:00Z",
        "2025-01-31T10:00:00Z, 1m, 2025-03-03T10:00:00Z",
        "2024-02-29T10:00:00Z, 1y, 2025-03-01T10:00:00Z",
        "2025-03-01T10:00:00Z, 0d, 2025-03-01T10:00:00Z",
    })
    void addsUpAsGoAddDateThenHoursAndMinutes(String taken, String expiry, String expected) {
        assertThat(SnapshotExpiry.from(Map.of("snapshots.expiry", expiry), Instant.parse(taken)))
                .contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "bad", "99999999999y"})
    void unsetBlankMalformedOrUnwritableMeansNoExpiry(String expiry) {
        assertThat(SnapshotExpiry.from(Map.of("snapshots.expiry", expiry), Instant.parse("2025-03-01T10:00:00Z")))
                .isEmpty();
        assertThat(SnapshotExpiry.from(Map.of(), Instant.parse("2025-03-01T10:00:00Z"))).isEmpty();
    }
}
