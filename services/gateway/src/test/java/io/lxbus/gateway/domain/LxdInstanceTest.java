package io.lxbus.gateway.domain;

import io.lxbus.events.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LxdInstanceTest {
    @Test
    void instanceHasEveryFieldTheClientReads() {
        Map<String, Object> json = LxdInstance.render(Fixtures.instance("c1", InstanceStatus.RUNNING), "none");
        assertThat(json).containsKeys("architecture", "config", "devices", "ephemeral", "profiles", "stateful",
                "description", "created_at", "expanded_config", "expanded_devices", "name", "status", "status_code",
                "last_used_at", "location", "type", "project");
        assertThat(json).containsEntry("status", "Running").containsEntry("status_code", 103)
                .containsEntry("stateful", false).containsEntry("location", "none").containsEntry("type", "container")
                .containsEntry("created_at", "2026-01-02T03:04:05Z").containsEntry("last_used_at", "1970-01-01T00:00:00Z");
        assertThat(Fixtures.map(json.get("expanded_config"))).containsEntry("limits.cpu", "2");
        assertThat(Fixtures.map(json.get("config"))).containsEntry("volatile.base_image", Fixtures.FP);
    }

    @Test
    void creatingAndDeletingInstancesShowAsStopped() {
        assertThat(LxdInstance.render(Fixtures.instance("c1", InstanceStatus.CREATING), "none"))
                .containsEntry("status", "Stopped").containsEntry("status_code", 102);
        assertThat(LxdInstance.render(Fixtures.instance("c1", InstanceStatus.DELETING), "none"))
                .containsEntry("status", "Stopped").containsEntry("status_code", 102);
        assertThat(LxdInstance.render(Fixtures.instance("c1", InstanceStatus.ERROR), "none"))
                .containsEntry("status", "Error").containsEntry("status_code", 112);
        assertThat(LxdInstance.render(Fixtures.instance("c1", InstanceStatus.FROZEN), "none"))
                .containsEntry("status_code", 110);
    }

    @Test
    void fullObjectHasStateSnapshotsAndBackups() {
        Map<String, Object> full = LxdInstance.full(Fixtures.instance("c1", InstanceStatus.RUNNING),
                Fixtures.runtime("c1", "Running", 4242), null, "none");
        assertThat(full.get("snapshots")).isEqualTo(List.of());
        assertThat(full.get("backups")).isEqualTo(List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) full.get("state");
        assertThat(state).containsEntry("status", "Running").containsEntry("status_code", 103)
                .containsEntry("pid", 4242L).containsEntry("network", Map.of()).containsEntry("processes", 0L);
        assertThat(Fixtures.map(state.get("memory"))).containsEntry("usage", 0L).containsEntry("swap_usage_peak", 0L);
        assertThat(Fixtures.map(state.get("cpu"))).containsEntry("usage", 0L);
    }

    @Test
    void stateTakesTheRuntimeStatusAndLiveNumbers() {
        LiveState live = LiveState.parse(("{\"status\":\"Running\",\"pid\":99,\"processes\":3,\"memory\":{\"usage\":"
                + "471040,\"usage_peak\":1380352,\"swap_usage\":1,\"swap_usage_peak\":2},\"cpu\":{\"usage\":20543812}}")
                .getBytes()).orElseThrow();
        Map<String, Object> state = LxdInstance.state(Fixtures.instance("c1", InstanceStatus.STOPPED),
                Fixtures.runtime("c1", "Running", 7), live);
        assertThat(state).containsEntry("status", "Running").containsEntry("pid", 99L).containsEntry("processes", 3L);
        assertThat(Fixtures.map(state.get("memory"))).containsEntry("usage", 471040L).containsEntry("usage_peak", 1380352L);
        assertThat(Fixtures.map(state.get("cpu"))).containsEntry("usage", 20543812L);

        Map<String, Object> stopped = LxdInstance.state(Fixtures.instance("c1", InstanceStatus.RUNNING),
                Fixtures.runtime("c1", "Stopped", 7), null);
        assertThat(stopped).containsEntry("status", "Stopped").containsEntry("status_code", 102).containsEntry("pid", 0L);
        assertThat(LxdInstance.state(Fixtures.instance("c1", InstanceStatus.CREATING), null, null))
                .containsEntry("status", "Stopped");
    }

    @Test
    void unreadableLiveAnswersAreIgnored() {
        assertThat(LiveState.parse("not json".getBytes())).isEmpty();
        assertThat(LiveState.parse("[1]".getBytes())).isEmpty();
    }

    @Test
    void instanceFiltersMatchWhatLxcListSends() {
        Map<String, Object> running = LxdInstance.render(Fixtures.instance("c1", InstanceStatus.RUNNING), "none");
        Map<String, Object> creating = LxdInstance.render(Fixtures.instance("c2", InstanceStatus.CREATING), "none");
        assertThat(Filter.parse("status eq running").matches(running)).isTrue();
        assertThat(Filter.parse("status eq running").matches(creating)).isFalse();
        assertThat(Filter.parse("status eq stopped").matches(creating)).isTrue();
        assertThat(Filter.parse("name eq c1 and type eq container").matches(running)).isTrue();
        assertThat(Filter.parse("expanded_config.limits.cpu eq 2").matches(running)).isTrue();
        assertThat(Filter.parse("config.user.a eq 1 and ephemeral eq false").matches(running)).isTrue();
        assertThat(Filter.parse("location eq none").matches(running)).isTrue();
    }
}
