package io.lxbus.gateway.domain;

import io.lxbus.events.Image;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PowerState;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records as their owners write them, for domain tests. */
final class Fixtures {
    static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");
    static final String FP = "e32e0a8e" + "0".repeat(56);

    private Fixtures() {
    }

    static Instance instance(String name, InstanceStatus status) {
        return new Instance("default", name, "uuid-" + name, "container", "", "x86_64", false, List.of("default"),
                Map.of("volatile.base_image", FP, "user.a", "1"), Map.of(),
                Map.of("volatile.base_image", FP, "user.a", "1", "limits.cpu", "2"),
                Map.of("root", Map.of("path", "/", "pool", "default", "type", "disk")),
                new InstanceSource("image", FP, "bb"), "h1", "default", "/pools/default/containers/uuid-" + name,
                status, PowerState.STOPPED, null, 7, CREATED, null, CREATED);
    }

    static InstanceRuntime runtime(String name, String status, long pid) {
        return new InstanceRuntime("default", name, "uuid-" + name, "h1", status, pid, "op", null, "requested",
                List.of(), CREATED);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    static Image image() {
        return new Image("default", FP, "container", "bb.tar.gz", 1036706, "x86_64",
                Map.of("os", "busybox", "description", "busybox test"), false, false, List.of("default"),
                CREATED, CREATED, null, 3);
    }
}
