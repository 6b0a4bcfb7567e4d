package io.lxbus.executor.driver.lxc;

import io.lxbus.events.Instance;
import io.lxbus.executor.domain.ContainerPaths;
import io.lxbus.executor.domain.DiskIds;
import io.lxbus.executor.driver.FileFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a container's files are on this host and how their owners are stored: the root volume's {@code rootfs}
 * folder, running or not, and the map of the chown fallback when {@link RootShifter} shifted it (its marker beside the
 * config), else the container's own ids (idmapped mount, privileged, or never started).
 */
public final class ContainerFiles {
    private final ContainerPaths paths;

    public ContainerFiles(ContainerPaths paths) {
        this.paths = paths;
    }

    /** The instance's root folder, opened for lookups inside it. */
    public RootedFiles open(Instance instance) {
        if (instance.rootPath() == null) {
            throw new FileFailure(404, "The instance has no root file system on this host");
        }
        Path rootfs = Path.of(instance.rootPath(), "rootfs");
        if (!Files.isDirectory(rootfs)) {
            throw new FileFailure(404, "The instance's root file system " + rootfs + " does not exist");
        }
        return RootedFiles.open(rootfs);
    }

    /** How owners are stored on the instance's disk. */
    public DiskIds diskIds(String uuid) {
        Path marker = paths.folder(uuid).resolve(RootShifter.MARKER);
        try {
            return Files.exists(marker) ? DiskIds.fromMarker(Files.readString(marker)) : DiskIds.UNSHIFTED;
        } catch (IOException e) {
            throw new FileFailure(500, "Cannot read " + marker + ": " + e.getMessage());
        }
    }
}
