package io.lxbus.events;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.wire.Json;
import io.lxbus.events.wire.JsonSerde;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WireFormatTest {
    private static final Instant AT = Instant.parse("2026-11-29T06:30:00.123456Z");
    private static final Requestor ROOT = new Requestor("root", "unix", "@");

    @Test
    void a_command_round_trips_with_its_type_name() throws Exception {
        var serde = JsonSerde.of(new TypeReference<Command<InstanceCommand>>() { });
        var command = new Command<InstanceCommand>("c1", "op1", ROOT, AT,
                new CreateProfile("default", "p1", "", Map.of("limits.cpu", "2"),
                        Map.of("data", Map.of("type", "disk", "source", "/srv", "path", "/srv"))));
        byte[] bytes = serde.serialize("t", command);
        assertThat(Json.mapper().readTree(bytes).at("/body/type").asText()).isEqualTo("CreateProfile");
        assertThat(serde.deserialize("t", bytes)).isEqualTo(command);
    }

    @Test
    void readers_ignore_fields_they_do_not_know() {
        var serde = JsonSerde.of(Requestor.class);
        byte[] newer = "{\"username\":\"root\",\"protocol\":\"unix\",\"address\":\"@\",\"added\":1}".getBytes();
        assertThat(serde.deserialize("t", newer)).isEqualTo(ROOT);
    }

    @Test
    void a_lifecycle_event_is_a_cloud_event_with_lxd_metadata_as_data() throws Exception {
        var event = LifecycleEvent.of("id1", 3, AT, "default", "none",
                new LifecycleData(Actions.PROFILE_CREATED, "/1.0/profiles/p1", Map.of(), ROOT));
        var json = Json.mapper().valueToTree(event);
        assertThat(json.get("specversion").asText()).isEqualTo("1.0");
        assertThat(json.get("type").asText()).isEqualTo("io.lxbus.lifecycle.profile-created");
        assertThat(json.get("source").asText()).isEqualTo("/1.0/profiles/p1");
        assertThat(json.get("time").asText()).isEqualTo("2026-11-29T06:30:00.123456Z");
        assertThat(json.get("seq").asLong()).isEqualTo(3);
        assertThat(json.at("/data/requestor/username").asText()).isEqualTo("root");
        assertThat(JsonSerde.of(LifecycleEvent.class).deserialize("t", Json.mapper().writeValueAsBytes(event)))
                .isEqualTo(event);
    }

    @Test
    void a_runtime_record_keeps_its_disk_map_and_older_records_read_without_one() {
        var serde = JsonSerde.of(InstanceRuntime.class);
        List<IdmapEntry> map = List.of(new IdmapEntry(true, true, 100000, 0, 65536));
        var runtime = new InstanceRuntime("default", "c1", "u", "h", "Running", 5, "op", null, "requested", map, AT,
                List.of());
        assertThat(serde.deserialize("t", serde.serialize("t", runtime))).isEqualTo(runtime);
        byte[] older = "{\"project\":\"default\",\"name\":\"c1\",\"pid\":5}".getBytes();
        assertThat(serde.deserialize("t", older).diskIdmap()).isNull();
    }

    @Test
    void a_tombstone_stays_null_both_ways() {
        var serde = JsonSerde.of(Profile.class);
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void an_operation_uses_lxd_field_names() {
        var op = new Operation("id", "task", "Creating instance", AT, AT, "Running", 103,
                Map.of("instances", List.of("/1.0/instances/c1")), Map.of(), false, "", "none");
        var json = Json.mapper().valueToTree(op);
        assertThat(json.has("class")).isTrue();
        assertThat(json.has("status_code")).isTrue();
        assertThat(json.has("may_cancel")).isTrue();
        assertThat(json.has("created_at")).isTrue();
    }

    @Test
    void keys_put_the_project_in_lifecycle_keys_but_not_in_default_sources() {
        assertThat(Keys.resource("default", "p1")).isEqualTo("default/p1");
        assertThat(Keys.source("profiles", "default", "p1")).isEqualTo("/1.0/profiles/p1");
        assertThat(Keys.source("profiles", "dev", "p1")).isEqualTo("/1.0/profiles/p1?project=dev");
        assertThat(Keys.apiPath("profiles", "default", "p1")).isEqualTo("/1.0/profiles/p1?project=default");
    }
}
