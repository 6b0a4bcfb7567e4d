package io.lxbus.executor.driver.lxc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lxbus.events.Instance;
import io.lxbus.executor.domain.ContainerPaths;
import io.lxbus.executor.domain.DiskPlan;
import io.lxbus.executor.domain.HostDisk;
import io.lxbus.executor.domain.HostFeatures;
import io.lxbus.executor.driver.DriverException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Host disks ({@code disk} devices with a host {@code source}): {@code lxc.mount.entry} lines at start, and live
 * mounts/unmounts on a running container through {@link MountHelper}. The disks lxbus mounted into a container are
 * remembered in {@code <lxcpath>/<uuid>/disks.json}, written before a mount and after an unmount, so a crash in
 * between is repaired by the next pass ({@link DiskPlan}). Callers hold the container's lock.
 */
final class DiskMounter {
    private static final Logger LOG = Logger.getLogger(DiskMounter.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<HostDisk>> LIST = new TypeReference<>() {
    };

    private final ContainerPaths paths;
    private final HostFeatures host;
    private final MountHelper helper;

    DiskMounter(ContainerPaths paths, HostFeatures host) {
        this.paths = paths;
        this.host = host;
        this.helper = new MountHelper(paths.run());
    }

    /**
     * The {@code lxc.mount.entry} values for a start, remembered as applied; a missing required source, or a shift
     * the host cannot do, fails the start.
     */
    List<String> atStart(Instance instance, boolean unprivileged) {
        List<String> entries = new ArrayList<>();
        List<HostDisk> applied = new ArrayList<>();
        for (HostDisk disk : HostDisk.of(instance.expandedDevices())) {
            if (!present(disk)) {
                continue;
            }
            boolean idmapped = disk.shift() && unprivileged;
            if (idmapped) {
                requireIdmappable(disk);
            }
            entries.add(disk.mountEntry(!Files.isDirectory(Path.of(disk.source())), idmapped));
            applied.add(disk);
        }
        save(instance.uuid(), applied);
        return entries;
    }

    /** Makes the running container's host disks those of the record: unmounts removed ones, mounts new ones. */
    void live(Instance instance, long pid, boolean unprivileged) {
        String uuid = instance.uuid();
        List<HostDisk> wanted = HostDisk.of(instance.expandedDevices()).stream().filter(this::present).toList();
        List<HostDisk> applied = new ArrayList<>(load(uuid));
        for (DiskPlan.Change change : DiskPlan.changes(wanted, applied, mountPoints(pid))) {
            HostDisk disk = change.disk();
            if (change instanceof DiskPlan.Unmount) {
                try {
                    helper.unmount(pid, disk.path());
                } catch (DriverException e) {
                    throw new DriverException("Failed to remove disk \"" + disk.name() + "\" from " + disk.path()
                            + ": " + e.getMessage(), e);
                }
                applied.remove(disk);
                save(uuid, applied);
                LOG.infof("Unmounted disk %s (%s) from container %s", disk.name(), disk.path(), uuid);
            } else {
                boolean idmapped = disk.shift() && unprivileged;
                if (idmapped) {
                    requireIdmappable(disk);
                }
                if (!applied.contains(disk)) {
                    applied.add(disk);
                    save(uuid, applied);
                }
                try {
                    helper.mount(pid, disk.source(), disk.path(), disk.readonly(), idmapped, disk.recursive());
                } catch (DriverException e) {
                    applied.remove(disk);
                    save(uuid, applied);
                    throw new DriverException("Failed to add disk \"" + disk.name() + "\" at " + disk.path() + ": "
                            + e.getMessage(), e);
                }
                LOG.infof("Mounted %s at %s in container %s%s", disk.source(), disk.path(), uuid,
                        idmapped ? " (idmapped)" : "");
            }
        }
    }

    /** Whether the disk's source is there; a missing source is an error unless the disk is optional. */
    private boolean present(HostDisk disk) {
        if (Files.exists(Path.of(disk.source()))) {
            return true;
        }
        if (disk.required()) {
            throw new DriverException("Missing source path \"" + disk.source() + "\" for disk \"" + disk.name() + "\"");
        }
        return false;
    }

    private void requireIdmappable(HostDisk disk) {
        if (!host.idmappedMounts() || !RootShifter.canIdmap(Path.of(disk.source()))) {
            throw new DriverException("Disk \"" + disk.name() + "\": shift=true needs idmapped mounts, which "
                    + (host.idmappedMounts() ? "the file system of " + disk.source() + " does not support"
                    : "this host's kernel or liblxc does not offer"));
        }
    }

    /** The container's mount points as it sees them (from its init's mountinfo). */
    static Set<String> mountPoints(long pid) {
        Set<String> points = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4) {
                    points.add(unescape(fields[4]));
                }
            }
        } catch (IOException e) {
            throw new DriverException("Cannot read the mounts of the container (pid " + pid + "): " + e.getMessage(), e);
        }
        return points;
    }

    /** mountinfo's octal escapes ({@code \040} for a space) decoded. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private List<HostDisk> load(String uuid) {
        Path file = paths.folder(uuid).resolve("disks.json");
        try {
            return Files.exists(file) ? JSON.readValue(file.toFile(), LIST) : List.of();
        } catch (IOException e) {
            throw new DriverException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void save(String uuid, List<HostDisk> applied) {
        Path file = paths.folder(uuid).resolve("disks.json");
        Path temp = paths.folder(uuid).resolve("disks.json.new");
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(temp.toFile(), applied);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DriverException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
