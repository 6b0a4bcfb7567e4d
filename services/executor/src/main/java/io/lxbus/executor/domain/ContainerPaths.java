package io.lxbus.executor.domain;

import java.nio.file.Path;

/**
 * Where a host keeps its containers' files.
 *
 * @param lxcPath the liblxc container folder ({@code ${lxbus.dir}/containers})
 * @param logs    the containers' log folder ({@code ${lxbus.dir}/logs/containers})
 */
public record ContainerPaths(Path lxcPath, Path logs) {
    /** {@code ${lxbus.dir}/run} (beside the lxcpath): pids, sockets and helper binaries. */
    public Path run() {
        return lxcPath.resolveSibling("run");
    }

    /** {@code <lxcpath>/<uuid>}. */
    public Path folder(String uuid) {
        return lxcPath.resolve(uuid);
    }

    /** {@code <lxcpath>/<uuid>/config}. */
    public Path config(String uuid) {
        return folder(uuid).resolve("config");
    }

    /** {@code logs/containers/<uuid>}. */
    public Path logFolder(String uuid) {
        return logs.resolve(uuid);
    }

    /** liblxc's log of the container. */
    public Path lxcLog(String uuid) {
        return logFolder(uuid).resolve("lxc.log");
    }

    /** The console log. */
    public Path consoleLog(String uuid) {
        return logFolder(uuid).resolve("console.log");
    }
}
