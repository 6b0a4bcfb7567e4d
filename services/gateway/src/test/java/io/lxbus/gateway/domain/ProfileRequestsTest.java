package io.lxbus.gateway.domain;

import io.lxbus.events.CreateProfile;
import io.lxbus.events.PatchProfile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileRequestsTest {
    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theClientsCreateBodyIsAccepted() {
        CreateProfile create = ProfileRequests.create("default",
                json("{\"config\":null,\"description\":\"\",\"devices\":null,\"name\":\"p\"}\n"));
        assertThat(create.name()).isEqualTo("p");
        assertThat(create.config()).isEmpty();
        assertThat(create.devices()).isEmpty();
    }

    @Test
    void devicesAreMapsOfStrings() {
        CreateProfile create = ProfileRequests.create("default", json(
                "{\"name\":\"p\",\"devices\":{\"root\":{\"path\":\"/\",\"pool\":\"default\",\"type\":\"disk\"}}}"));
        assertThat(create.devices().get("root")).containsEntry("type", "disk");
    }

    @Test
    void wrongTypesAreRefusedWithWhere() {
        assertThatThrownBy(() -> ProfileRequests.create("default", json("{\"name\":\"p\",\"config\":{\"k\":1}}")))
                .isInstanceOf(GatewayError.class).hasMessageContaining("config.k").hasMessageContaining("string");
        assertThatThrownBy(() -> ProfileRequests.create("default", json("{\"name\":\"p\",\"devices\":{\"d\":\"x\"}}")))
                .isInstanceOf(GatewayError.class).hasMessageContaining("devices.d");
        assertThatThrownBy(() -> ProfileRequests.create("default", json("{\"name\":[\"p\"]}")))
                .isInstanceOf(GatewayError.class).hasMessageContaining("name");
        assertThatThrownBy(() -> ProfileRequests.create("default", json("[1]")))
                .isInstanceOf(GatewayError.class).hasMessageContaining("JSON object");
    }

    @Test
    void malformedJsonAndBadNamesAreRefused() {
        assertThatThrownBy(() -> ProfileRequests.create("default", json("{\"name\":")))
                .isInstanceOf(GatewayError.class).hasMessageStartingWith("Invalid JSON");
        assertThatThrownBy(() -> ProfileRequests.create("default", json("{\"name\":\"a/b\"}")))
                .hasMessage("Profile names may not contain slashes");
        assertThatThrownBy(() -> ProfileRequests.create("default", json("{}")))
                .hasMessage("No name provided");
        assertThatThrownBy(() -> ProfileRequests.rename("default", "p", json("{\"name\":\"..\"}")))
                .hasMessageContaining("Invalid profile name");
    }

    @Test
    void patchLeavesAbsentFieldsNull() {
        PatchProfile patch = ProfileRequests.patch("default", "p", json("{\"config\":{\"user.a\":\"b\"}}"), 3L);
        assertThat(patch.description()).isNull();
        assertThat(patch.devices()).isNull();
        assertThat(patch.config()).containsEntry("user.a", "b");
        assertThat(patch.ifMatchRevision()).isEqualTo(3L);
    }
}
