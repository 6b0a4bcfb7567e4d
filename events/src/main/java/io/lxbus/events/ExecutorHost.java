package io.lxbus.events;

import java.time.Instant;
import java.util.List;

/**
 * A host that runs instances, on {@code lxbus.executor.hosts} keyed by its name; written by that
 * host's executor at start.
 *
 * @param name          the host's name ({@code location} in the LXD API)
 * @param apiAddress    where its executor's internal API listens ({@code unix:/path} on a single node)
 * @param lxcPath       the liblxc container folder
 * @param architectures the architectures it runs
 * @param drivers       instance drivers it has, such as {@code lxc} and {@code qemu}
 * @param startedAt     when its executor started
 */
public record ExecutorHost(String name, String apiAddress, String lxcPath, List<String> architectures,
                           List<String> drivers, Instant startedAt) {
}
