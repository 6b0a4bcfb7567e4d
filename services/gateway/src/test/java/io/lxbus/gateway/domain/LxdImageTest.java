package io.lxbus.gateway.domain;

import io.lxbus.events.ImageAlias;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.Profile;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Volume;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Images, aliases, pools, volumes and their used_by lists. */
class LxdImageTest {
    @Test
    void imageHasWhatLxcImageListReads() {
        ImageAlias alias = new ImageAlias("default", "bb", Fixtures.FP, "container", "", 1);
        Map<String, Object> json = LxdImage.render(Fixtures.image(), List.of(alias),
                UsedBy.image(Fixtures.image(), List.of(Fixtures.instance("c1", InstanceStatus.STOPPED))));
        assertThat(json).containsEntry("fingerprint", Fixtures.FP).containsEntry("public", false)
                .containsEntry("cached", false).containsEntry("expires_at", "1970-01-01T00:00:00Z")
                .containsEntry("size", 1036706L).containsEntry("type", "container").containsEntry("filename", "bb.tar.gz")
                .containsEntry("architecture", "x86_64").containsEntry("auto_update", false)
                .containsEntry("uploaded_at", "2026-01-02T03:04:05Z").containsEntry("used_by", List.of("/1.0/instances/c1"));
        assertThat(json.get("aliases")).isEqualTo(List.of(Map.of("name", "bb", "description", "")));
        assertThat(Fixtures.map(json.get("properties"))).containsEntry("description", "busybox test");
        assertThat(LxdImage.alias(alias)).isEqualTo(Map.of("name", "bb", "target", Fixtures.FP, "type", "container",
                "description", ""));
    }

    @Test
    void fingerprintPrefixesResolveWhenUnique() {
        List<String> fps = List.of("abc123", "abd456", Fixtures.FP);
        assertThat(LxdImage.resolve("abc", fps)).isEqualTo("abc123");
        assertThat(LxdImage.resolve("e32e", fps)).isEqualTo(Fixtures.FP);
        assertThatThrownBy(() -> LxdImage.resolve("ab", fps)).isInstanceOf(GatewayError.class)
                .hasMessageContaining("More than one");
        assertThatThrownBy(() -> LxdImage.resolve("ff", fps)).isInstanceOf(GatewayError.class)
                .hasMessage("Image not found");
    }

    @Test
    void poolsAndVolumesLookLikeLxds() {
        StoragePool pool = new StoragePool("default", "dir", "", Map.of("source", "/var/lib/lxbus/storage-pools/default"),
                "Created", 1, Fixtures.CREATED);
        Volume root = new Volume("default", "default", "container", "c1", "filesystem", "", Map.of(), "h1", "/p",
                "uuid-c1", Fixtures.FP, "Created", null, 2, Fixtures.CREATED);
        Volume custom = new Volume("default", "default", "custom", "v1", "filesystem", "", Map.of("size", "1GiB"), "h1",
                "/v", null, null, "Created", null, 1, Fixtures.CREATED);
        Profile profile = new Profile("default", "default", "", Map.of(),
                Map.of("root", Map.of("path", "/", "pool", "default", "type", "disk")), 1, Fixtures.CREATED, Fixtures.CREATED);
        Map<String, Object> json = LxdStorage.pool(pool, UsedBy.pool("default", List.of(root, custom), List.of(profile)));
        assertThat(json).containsEntry("name", "default").containsEntry("driver", "dir").containsEntry("status", "Created")
                .containsEntry("locations", List.of("none"));
        assertThat(json.get("used_by")).isEqualTo(List.of("/1.0/instances/c1", "/1.0/profiles/default",
                "/1.0/storage-pools/default/volumes/custom/v1"));

        Map<String, Object> volume = LxdStorage.volume(root, UsedBy.volume(root, List.of()), "none");
        assertThat(volume).containsEntry("name", "c1").containsEntry("type", "container")
                .containsEntry("content_type", "filesystem").containsEntry("project", "default")
                .containsEntry("location", "none").containsEntry("used_by", List.of("/1.0/instances/c1"))
                .containsKeys("config", "description", "created_at");
        assertThat(LxdStorage.volumeUrl(custom)).isEqualTo("/1.0/storage-pools/default/volumes/custom/v1");
    }

    @Test
    void profilesAreUsedByTheInstancesThatApplyThem() {
        Profile profile = new Profile("default", "default", "", Map.of(), Map.of(), 1, Fixtures.CREATED, Fixtures.CREATED);
        Profile other = new Profile("default", "web", "", Map.of(), Map.of(), 1, Fixtures.CREATED, Fixtures.CREATED);
        var instances = List.of(Fixtures.instance("c2", InstanceStatus.STOPPED), Fixtures.instance("c1", InstanceStatus.RUNNING));
        assertThat(UsedBy.profile(profile, instances)).containsExactly("/1.0/instances/c1", "/1.0/instances/c2");
        assertThat(UsedBy.profile(other, instances)).isEmpty();
    }
}
