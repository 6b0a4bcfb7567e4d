package io.lxbus.gateway.messaging;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LatestByKeyTest {
    @Test
    void aDrainHandsOverEachKeysLatestValueOnce() {
        LatestByKey<String> latest = new LatestByKey<>();
        latest.put("op-1", "pending");
        latest.put("op-1", "running");
        latest.put("op-2", "success");
        latest.put("op-3", "success");
        latest.put("op-3", null);

        Map<String, String> sent = new HashMap<>();
        latest.drain(sent::put);

        assertThat(sent).hasSize(3).containsEntry("op-1", "running").containsEntry("op-2", "success")
                .containsEntry("op-3", null);
        Map<String, String> again = new HashMap<>();
        latest.drain(again::put);
        assertThat(again).isEmpty();
    }

    @Test
    void aPutAfterADrainIsSentByTheNext() {
        LatestByKey<String> latest = new LatestByKey<>();
        latest.put("op-1", "running");
        latest.drain((key, value) -> { });
        latest.put("op-1", "success");

        Map<String, String> sent = new HashMap<>();
        latest.drain(sent::put);
        assertThat(sent).containsExactly(Map.entry("op-1", "success"));
    }
}
