package io.lxbus.gateway.domain;

import io.lxbus.events.CreateSnapshot;
import io.lxbus.events.UpdateSnapshot;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the stock client's snapshot requests become (bodies as lxc 5.0.2 sends them). */
class SnapshotRequestsTest {

    @Test
    void aSnapshotWithoutExpiresAtLeavesItToSnapshotsExpiry() {
        CreateSnapshot take = create("null");
        assertThat(take.expiresAt()).isNull();
        assertThat(take.neverExpires()).isFalse();
    }

    @Test
    void noExpirySendsLxdsZeroTimeWhichMeansNever() {
        CreateSnapshot take = create("\"0001-01-01T00:00:00Z\"");
        assertThat(take.expiresAt()).isNull();
        assertThat(take.neverExpires()).isTrue();
    }

    @Test
    void anExplicitTimeIsKeptAndABadOneRefused() {
        CreateSnapshot take = SnapshotRequests.create("default", "c1",
                body("{\"name\":\"s1\",\"expires_at\":\"2030-01-01T02:00:00+02:00\"}"));
        assertThat(take.expiresAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(take.neverExpires()).isFalse();
        assertThatThrownBy(() -> SnapshotRequests.create("default", "c1", body("{\"expires_at\":\"soon\"}")))
                .isInstanceOf(GatewayError.class).hasMessageContaining("Invalid expires_at");
    }

    @Test
    void aPutOfTheSnapshotSetsOrClearsItsExpiry() {
        UpdateSnapshot set = SnapshotRequests.update("default", "c1", "s1",
                body("{\"expires_at\":\"2030-01-01T00:00:00Z\"}"), false);
        assertThat(set.expiresAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        UpdateSnapshot cleared = SnapshotRequests.update("default", "c1", "s1",
                body("{\"expires_at\":\"0001-01-01T00:00:00Z\"}"), false);
        assertThat(cleared.clearExpiry()).isTrue();
    }

    /** A snapshot request as `lxc snapshot c1 s1` sends it, with {@code expiresAt} as the JSON of expires_at. */
    private static CreateSnapshot create(String expiresAt) {
        return SnapshotRequests.create("default", "c1",
                body("{\"name\":\"s1\",\"stateful\":false,\"expires_at\":" + expiresAt + "}"));
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
