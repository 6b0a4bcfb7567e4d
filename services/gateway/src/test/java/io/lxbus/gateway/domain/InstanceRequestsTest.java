package io.lxbus.gateway.domain;

import io.lxbus.events.CreateInstance;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceRequestsTest {
    private static final InstanceRequests.ImageLookup IMAGES = new InstanceRequests.ImageLookup() {
        @Override
        public Optional<String> aliasTarget(String alias) {
            return alias.equals("bb") ? Optional.of(Fixtures.FP) : Optional.empty();
        }

        @Override
        public Optional<String> fingerprint(String prefix) {
            return Fixtures.FP.startsWith(prefix) ? Optional.of(Fixtures.FP) : Optional.empty();
        }
    };

    private static CreateInstance create(String json) {
        return InstanceRequests.create("default", json.getBytes(StandardCharsets.UTF_8), IMAGES, new Random(1));
    }

    @Test
    void lxcLaunchBodyBecomesACreateCommand() {
        CreateInstance command = create("{\"architecture\":\"\",\"config\":{\"limits.cpu\":\"2\"},\"devices\":{},"
                + "\"ephemeral\":false,\"profiles\":null,\"stateful\":false,\"description\":\"\",\"name\":\"c1\","
                + "\"source\":{\"type\":\"image\",\"certificate\":\"\",\"fingerprint\":\"e32e\",\"allow_inconsistent\":false},"
                + "\"instance_type\":\"\",\"type\":\"container\"}\n");
        assertThat(command.name()).isEqualTo("c1");
        assertThat(command.profiles()).isNull();
        assertThat(command.type()).isEqualTo("container");
        assertThat(command.config()).containsEntry("limits.cpu", "2");
        assertThat(command.source().fingerprint()).isEqualTo(Fixtures.FP);
        assertThat(command.start()).isFalse();
    }

    @Test
    void aliasesResolveThroughTheViewOrPassThrough() {
        CreateInstance known = create("{\"name\":\"c1\",\"source\":{\"type\":\"image\",\"alias\":\"bb\"},\"start\":true}");
        assertThat(known.source().fingerprint()).isEqualTo(Fixtures.FP);
        assertThat(known.source().alias()).isEqualTo("bb");
        assertThat(known.start()).isTrue();
        CreateInstance unknown = create("{\"name\":\"c1\",\"source\":{\"type\":\"image\",\"alias\":\"other\"}}");
        assertThat(unknown.source().fingerprint()).isNull();
        assertThat(unknown.source().alias()).isEqualTo("other");
    }

    @Test
    void anEmptyNameGetsARandomOne() {
        CreateInstance command = create("{\"source\":{\"type\":\"image\",\"alias\":\"bb\"}}");
        assertThat(command.name()).matches("[a-z]+-[a-z]+");
    }

    @Test
    void badCreatesAreRefused() {
        assertThatThrownBy(() -> create("{\"name\":\"-bad\",\"source\":{\"type\":\"image\",\"alias\":\"bb\"}}"))
                .isInstanceOf(GatewayError.class).hasMessageContaining("Invalid instance name");
        assertThatThrownBy(() -> create("{\"name\":\"c1\"}")).hasMessageContaining("No source");
        assertThatThrownBy(() -> create("{\"name\":\"c1\",\"source\":{\"type\":\"image\"}}"))
                .hasMessageContaining("alias or fingerprint");
        assertThatThrownBy(() -> create("{\"name\":\"c1\",\"source\":{\"type\":\"migration\"}}"))
                .hasMessageContaining("Unsupported source type");
        assertThatThrownBy(() -> create("{\"name\":\"c1\",\"source\":{\"type\":\"copy\"}}"))
                .hasMessageContaining("No source instance");
        assertThatThrownBy(() -> create("{\"name\":\"c1\",\"source\":{\"type\":\"copy\",\"source\":\"c0/a b\"}}"))
                .hasMessageContaining("Snapshot names");
        assertThatThrownBy(() -> create("{\"name\":\"c1\",\"source\":{\"type\":\"image\",\"alias\":\"x\","
                + "\"server\":\"https://images.linuxcontainers.org\"}}")).hasMessageContaining("Remote images");
        assertThatThrownBy(() -> create("{\"name\":\"c1\",\"ephemeral\":\"yes\",\"source\":{\"type\":\"image\",\"alias\":\"bb\"}}"))
                .hasMessageContaining("expected a boolean");
        assertThatThrownBy(() -> create("{\"name\":\"c1\",\"profiles\":\"default\",\"source\":{\"type\":\"image\",\"alias\":\"bb\"}}"))
                .hasMessageContaining("expected an array");
        assertThatThrownBy(() -> create("{\"name\":\"c1\",\"type\":\"vm\",\"source\":{\"type\":\"image\",\"alias\":\"bb\"}}"))
                .hasMessageContaining("Invalid instance type");
        assertThatThrownBy(() -> create("{\"name\":\"c1\",\"config\":{\"k\":1},\"source\":{\"type\":\"image\",\"alias\":\"bb\"}}"))
                .hasMessageContaining("expected a string");
    }

    @Test
    void stateChangesCarryTheirActionAndRefuseStateful() {
        var stop = InstanceRequests.changeState("default", "c1",
                "{\"action\":\"stop\",\"timeout\":-1,\"force\":true,\"stateful\":false}".getBytes());
        assertThat(stop.action()).isEqualTo("stop");
        assertThat(stop.force()).isTrue();
        assertThat(stop.timeoutSeconds()).isEqualTo(-1);
        assertThat(InstanceRequests.STATE_ACTIONS.get("freeze")).isEqualTo("Freezing instance");
        assertThatThrownBy(() -> InstanceRequests.changeState("default", "c1", "{\"action\":\"explode\"}".getBytes()))
                .hasMessageContaining("Unknown action");
        assertThatThrownBy(() -> InstanceRequests.changeState("default", "c1",
                "{\"action\":\"stop\",\"stateful\":true}".getBytes())).hasMessageContaining("Stateful");
        assertThatThrownBy(() -> InstanceRequests.changeState("default", "c1",
                "{\"action\":\"stop\",\"timeout\":\"30\"}".getBytes())).hasMessageContaining("expected an integer");
    }

    @Test
    void updatesRenamesAndDeletes() {
        var put = InstanceRequests.replace("default", "c1", ("{\"architecture\":\"x86_64\",\"config\":{\"volatile.uuid\":"
                + "\"u\"},\"devices\":{},\"ephemeral\":false,\"profiles\":[\"default\"],\"stateful\":false,"
                + "\"description\":\"\"}").getBytes(), 4L);
        assertThat(put.ifMatchRevision()).isEqualTo(4L);
        assertThat(put.config()).containsEntry("volatile.uuid", "u");
        assertThat(put.profiles()).isEqualTo(List.of("default"));
        assertThatThrownBy(() -> InstanceRequests.replace("default", "c1", "{\"restore\":\"c1/s1\"}".getBytes(), null))
                .hasMessageContaining("snapshots");
        var patch = InstanceRequests.patch("default", "c1", "{\"config\":{\"user.k\":\"v\"}}".getBytes(), null);
        assertThat(patch.config()).isEqualTo(Map.of("user.k", "v"));
        assertThat(patch.profiles()).isNull();
        assertThat(patch.ephemeral()).isNull();
        assertThat(InstanceRequests.rename("default", "c1", "{\"name\":\"c2\"}".getBytes()).newName()).isEqualTo("c2");
        assertThatThrownBy(() -> InstanceRequests.rename("default", "c1", "{\"name\":\"c2\",\"migration\":true}".getBytes()))
                .hasMessage("Migration is not supported");
        assertThatThrownBy(() -> InstanceRequests.rename("default", "c1", "{\"name\":\"c2\",\"live\":true}".getBytes()))
                .hasMessageContaining("Live migration");
        assertThatThrownBy(() -> InstanceRequests.rename("default", "c1", "{\"name\":\"a b\"}".getBytes()))
                .hasMessageContaining("Invalid instance name");
        assertThatThrownBy(() -> InstanceRequests.delete("default", "c_1")).isInstanceOf(GatewayError.class);
    }

    @Test
    void aliasRequestsAreChecked() {
        var create = ImageRequests.createAlias("default", "{\"description\":\"\",\"target\":\"e32e\",\"name\":\"a\",\"type\":\"\"}"
                .getBytes(), prefix -> Fixtures.FP);
        assertThat(create.target()).isEqualTo(Fixtures.FP);
        assertThatThrownBy(() -> ImageRequests.createAlias("default", "{\"name\":\"a\"}".getBytes(), p -> p))
                .hasMessage("name and target are required");
        assertThatThrownBy(() -> ImageRequests.createAlias("default", "{\"name\":\"a/b\",\"target\":\"x\"}".getBytes(), p -> p))
                .hasMessageContaining("Invalid alias name");
        assertThat(ImageRequests.renameAlias("default", "a", "{\"name\":\"b\"}".getBytes()).newName()).isEqualTo("b");
        var image = ImageRequests.patchImage(Fixtures.image(), "{\"public\":true,\"properties\":{\"os\":\"bb\"}}".getBytes());
        assertThat(image.isPublic()).isTrue();
        assertThat(image.properties()).containsEntry("os", "bb").containsEntry("description", "busybox test");
    }
}
