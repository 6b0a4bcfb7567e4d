package io.lxbus.instance.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static io.lxbus.instance.domain.ConfigScope.INSTANCE;
import static io.lxbus.instance.domain.ConfigScope.PROFILE;
import static org.assertj.core.api.Assertions.assertThat;

class InstanceConfigTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "security.privileged|true", "security.nesting|false", "security.idmap.isolated|true",
            "security.idmap.size|65536", "security.idmap.base|1065536", "raw.idmap|both 1000 1000",
            "raw.lxc|lxc.apparmor.profile = unconfined", "limits.cpu|2", "limits.cpu|0-3", "limits.cpu|1,3",
            "limits.memory|256MB", "limits.memory|1GiB", "limits.memory|50%", "limits.memory.enforce|soft",
            "limits.memory.swap|false", "limits.processes|500", "boot.autostart|true", "boot.autostart.delay|5",
            "boot.autostart.priority|-3", "boot.host_shutdown_timeout|30", "user.anything|any value",
            "environment.HTTP_PROXY|http://proxy:3128", "linux.kernel_modules|ip_tables,overlay",
            "limits.kernel.nofile|4096", "security.idmap.size|200000", "security.idmap.base|0",
            "raw.idmap|uid 1000-1010 2000-2010", "security.idmap.base|4294967294"})
    void acceptsDocumentedKeysWithGoodValues(String key, String value) {
        assertThat(InstanceConfig.problem(key, value, PROFILE)).isEmpty();
        assertThat(InstanceConfig.problem(key, value, INSTANCE)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "security.privileged|maybe", "security.idmap.size|0", "security.idmap.base|-1",
            "raw.idmap|both 1000", "raw.lxc|lxc.idmap = u 0 1 1", "limits.cpu|3-1", "limits.memory|lots",
            "limits.memory.enforce|medium", "limits.processes|0", "boot.autostart|sometimes",
            "boot.autostart.delay|soon", "boot.host_shutdown_timeout|-5", "security.idmap.isolated|maybe",
            "security.idmap.size|-5", "security.idmap.size|lots", "security.idmap.size|4294967295",
            "security.idmap.base|4294967295", "security.idmap.base|x", "raw.idmap|both 1000 1000-1001",
            "raw.idmap|all 1 1"})
    void badValuesNameTheKey(String key, String value) {
        assertThat(InstanceConfig.problem(key, value, PROFILE)).hasValueSatisfying(why ->
                assertThat(why).startsWith("Invalid value for config key \"" + key + "\": "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"volatile.idmap.base|1065536", "volatile.idmap.next|[]",
            "volatile.idmap.next|[{\"Isuid\":true,\"Isgid\":false,\"Hostid\":1000000,\"Nsid\":0,\"Maprange\":65536}]",
            "volatile.last_state.idmap|[]"})
    void idmapVolatileKeysAcceptLxdsValuesOnInstances(String key, String value) {
        assertThat(InstanceConfig.problem(key, value, INSTANCE)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"volatile.idmap.base|-1", "volatile.idmap.next|not json",
            "volatile.idmap.next|[{\"Isuid\":true,\"Hostid\":1,\"Nsid\":0,\"Maprange\":0}]",
            "volatile.idmap.current|{}", "volatile.last_state.idmap|[1]"})
    void idmapVolatileKeysRefuseOtherValues(String key, String value) {
        assertThat(InstanceConfig.problem(key, value, INSTANCE)).hasValueSatisfying(why ->
                assertThat(why).startsWith("Invalid value for config key \"" + key + "\": "));
    }

    @Test
    void rawIdmapMayMapAHostIdOnlyOnce() {
        assertThat(InstanceConfig.problem("raw.idmap", "uid 1000 1000\ngid 1000 1000", INSTANCE)).isEmpty();
        assertThat(InstanceConfig.problem("raw.idmap", "both 1000-1010 1000-1010\nuid 1005 2000", INSTANCE))
                .hasValue("Invalid value for config key \"raw.idmap\": Invalid raw.idmap line 2 \"uid 1005 2000\": "
                        + "its host ids are already mapped by line 1 (a host id can be mapped only once)");
    }

    @Test
    void unknownKeysAreRefusedInLxdWords() {
        assertThat(InstanceConfig.problem("limits.bananas", "3", PROFILE))
                .hasValue("Invalid config: Unknown configuration key: limits.bananas");
        assertThat(InstanceConfig.problem("user", "x", PROFILE))
                .hasValue("Invalid config: Unknown configuration key: user");
    }

    @Test
    void volatileAndImageKeysOnlyOnInstances() {
        assertThat(InstanceConfig.problem("volatile.base_image", "abc", INSTANCE)).isEmpty();
        assertThat(InstanceConfig.problem("image.os", "busybox", INSTANCE)).isEmpty();
        assertThat(InstanceConfig.problem("volatile.base_image", "abc", PROFILE)).hasValue(
                "Invalid config: Key \"volatile.base_image\" can only be set on instances, not on profiles");
        assertThat(InstanceConfig.problem("image.os", "busybox", PROFILE)).isPresent();
    }

    @Test
    void emptyValueMeansUnsetAndPasses() {
        assertThat(InstanceConfig.problem("limits.memory", "", PROFILE)).isEmpty();
    }

    @Test
    void wholeMapReportsTheFirstProblemInKeyOrder() {
        assertThat(InstanceConfig.problem(Map.of("user.a", "1", "limits.cpu", "x", "zzz.unknown", "1"), PROFILE))
                .hasValueSatisfying(why -> assertThat(why).contains("limits.cpu"));
        assertThat(InstanceConfig.problem(Map.of("user.a", "1", "limits.cpu", "2"), PROFILE)).isEmpty();
        assertThat(InstanceConfig.problem((Map<String, String>) null, PROFILE)).isEmpty();
    }

    @Test
    void tableDocumentsEveryKeyAndWhetherItIsLive() {
        assertThat(InstanceConfig.keys()).allSatisfy(key -> assertThat(key.doc()).isNotBlank());
        assertThat(InstanceConfig.lookup("limits.cpu")).hasValueSatisfying(key -> assertThat(key.live()).isTrue());
        assertThat(InstanceConfig.lookup("security.privileged"))
                .hasValueSatisfying(key -> assertThat(key.live()).isFalse());
        assertThat(InstanceConfig.lookup("user.foo")).hasValueSatisfying(key -> assertThat(key.name())
                .isEqualTo("user."));
    }
}
