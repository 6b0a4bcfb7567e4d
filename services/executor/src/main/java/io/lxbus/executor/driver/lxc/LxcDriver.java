package io.lxbus.executor.driver.lxc;

import io.lxbus.events.IdmapEntry;
import io.lxbus.events.Instance;
import io.lxbus.executor.domain.CgroupLayout;
import io.lxbus.executor.domain.CgroupSetting;
import io.lxbus.executor.domain.ContainerPaths;
import io.lxbus.executor.domain.HostFeatures;
import io.lxbus.executor.domain.Limits;
import io.lxbus.executor.domain.LxcConfig;
import io.lxbus.executor.domain.Observed;
import io.lxbus.executor.domain.RootShift;
import io.lxbus.executor.domain.RuntimeStatus;
import io.lxbus.executor.driver.DriverException;
import io.lxbus.executor.driver.DriverInfo;
import io.lxbus.executor.driver.InstanceDriver;
import io.lxbus.executor.driver.Usage;
import io.lxbus.executor.driver.lxc.jna.LxcContainer;
import io.lxbus.executor.driver.lxc.jna.LxcException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Containers through liblxc: start with the {@code lxc-start -d} helper, everything else over JNA. One lock per
 * container name makes every operation on it exclusive (the internal API may read while the reconciler acts).
 */
public final class LxcDriver implements InstanceDriver {
    private static final Logger LOG = Logger.getLogger(LxcDriver.class);
    private static final int DEFAULT_SHUTDOWN_SECONDS = 30;

    private final ContainerPaths paths;
    private final HostFeatures host;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final DiskMounter disks;
    private final AttachServer attach;

    public LxcDriver(ContainerPaths paths, HostFeatures host) {
        this.paths = paths;
        this.host = host;
        this.disks = new DiskMounter(paths, host);
        this.attach = new AttachServer(paths.lxcPath().resolveSibling("run"));
    }

    @Override
    public DriverInfo info() {
        return new DriverInfo("lxc", "container", true, true, host.idmappedMounts());
    }

    /** Where this driver keeps containers. */
    public ContainerPaths paths() {
        return paths;
    }

    @Override
    public Observed observe(String uuid) {
        boolean defined = Files.exists(paths.config(uuid));
        if (!defined && !Files.isDirectory(paths.folder(uuid))) {
            return Observed.ABSENT;
        }
        return with(uuid, c -> {
            RuntimeStatus status = RuntimeStatus.fromLxc(c.state());
            long pid = status.alive() ? Math.max(c.initPid(), 0) : 0;
            return new Observed(true, status, pid);
        });
    }

    @Override
    public List<String> list() {
        if (!Files.isDirectory(paths.lxcPath())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(paths.lxcPath())) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DriverException("Cannot list " + paths.lxcPath() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<IdmapEntry> start(Instance instance) {
        String uuid = instance.uuid();
        List<IdmapEntry> map = LxcConfig.idmap(instance);
        return locked(uuid, () -> {
            try (LxcContainer c = LxcContainer.open(uuid, paths.lxcPath().toString())) {
                if (c.isRunning()) {
                    return map;
                }
            }
            if (instance.rootPath() == null || !Files.isDirectory(Path.of(instance.rootPath(), "rootfs"))) {
                throw new DriverException("Failed to start instance: its root file system "
                        + instance.rootPath() + "/rootfs does not exist");
            }
            RootShift shift = RootShift.choose(map.isEmpty(),
                    host.idmappedMounts() && RootShifter.canIdmap(Path.of(instance.rootPath(), "rootfs")));
            try {
                Files.createDirectories(paths.folder(uuid));
                Files.createDirectories(paths.logFolder(uuid));
                Path marker = paths.folder(uuid).resolve("shifted");
                RootShifter.shift(Path.of(instance.rootPath(), "rootfs"),
                        RootShifter.onDisk(marker, LxcConfig.lastIdmap(instance)), shift.onDisk(map), marker);
                String config;
                try {
                    config = LxcConfig.render(instance, paths, host, shift, disks.atStart(instance, !map.isEmpty()));
                } catch (DriverException e) {
                    throw new DriverException("Failed to start instance: " + e.getMessage(), e);
                } catch (IllegalArgumentException e) {
                    throw new DriverException("Failed to start instance: " + e.getMessage(), e);
                }
                Path temp = paths.folder(uuid).resolve("config.new");
                Files.writeString(temp, config);
                Files.move(temp, paths.config(uuid), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new DriverException("Failed to start instance: cannot write its config: " + e.getMessage(), e);
            }
            try {
                LxcStart.run(uuid, paths.lxcPath(), paths.logFolder(uuid).resolve("lxc-start.out"));
            } catch (DriverException e) {
                throw new DriverException("Failed to start instance: " + e.getMessage() + lastLogLine(uuid), e);
            }
            return map;
        });
    }

    @Override
    public void stop(String uuid, boolean force, int timeoutSeconds) {
        int timeout = timeoutSeconds < 0 ? DEFAULT_SHUTDOWN_SECONDS : timeoutSeconds;
        with(uuid, c -> {
            if (!c.isRunning()) {
                return null;
            }
            if ("FROZEN".equals(c.state())) {
                c.unfreeze();
            }
            if (force) {
                c.stop();
            } else if (!c.shutdown(timeout)) {
                throw new DriverException("Failed shutting down instance: timed out");
            }
            return null;
        });
    }

    @Override
    public void freeze(String uuid) {
        with(uuid, c -> {
            requireRunning(c);
            c.freeze();
            return null;
        });
    }

    @Override
    public void unfreeze(String uuid) {
        with(uuid, c -> {
            requireRunning(c);
            c.unfreeze();
            return null;
        });
    }

    @Override
    public void applyLimits(Instance instance) {
        List<CgroupSetting> settings;
        try {
            settings = Limits.of(instance.expandedConfig() == null ? java.util.Map.of() : instance.expandedConfig(), host);
        } catch (IllegalArgumentException e) {
            throw new DriverException(e.getMessage(), e);
        }
        with(instance.uuid(), c -> {
            if (!c.isRunning()) {
                return null;
            }
            for (CgroupSetting setting : settings) {
                try {
                    c.setCgroupItem(setting.file(), setting.value());
                } catch (LxcException e) {
                    throw new DriverException("Failed to set " + setting.file() + " to " + setting.value(), e);
                }
            }
            return null;
        });
    }

    @Override
    public void applyDevices(Instance instance) {
        boolean unprivileged = !LxcConfig.idmap(instance).isEmpty();
        String uuid = instance.uuid();
        locked(uuid, () -> {
            long pid;
            try (LxcContainer c = LxcContainer.open(uuid, paths.lxcPath().toString())) {
                pid = c.isRunning() ? c.initPid() : 0;
            } catch (LxcException e) {
                throw new DriverException(e.getMessage(), e);
            }
            if (pid > 0) {
                disks.live(instance, pid, unprivileged);
            }
            return null;
        });
    }

    @Override
    public List<IdmapEntry> diskIdmap(Instance instance) {
        return RootShifter.onDisk(paths.folder(instance.uuid()).resolve("shifted"), List.of());
    }

    @Override
    public void destroy(String uuid) {
        locked(uuid, () -> {
            if (Files.isDirectory(paths.folder(uuid))) {
                try (LxcContainer c = LxcContainer.open(uuid, paths.lxcPath().toString())) {
                    if (c.isRunning()) {
                        if ("FROZEN".equals(c.state())) {
                            c.unfreeze();
                        }
                        c.stop();
                    }
                }
            }
            // Not liblxc's destroy(): it would also delete the root file system, which the storage service owns.
            deleteTree(paths.folder(uuid));
            deleteTree(paths.logFolder(uuid));
            return null;
        });
        locks.remove(uuid);
    }

    @Override
    public io.lxbus.executor.driver.ExecProcess exec(String uuid, io.lxbus.executor.domain.ExecSpec spec,
                                                     String record) {
        RuntimeStatus status = observe(uuid).status();
        if (status == RuntimeStatus.FROZEN) {
            throw new DriverException("Instance is frozen");
        }
        if (status != RuntimeStatus.RUNNING) {
            throw new DriverException("Instance is not running");
        }
        Path out = null;
        Path err = null;
        if (spec.output() == io.lxbus.executor.domain.ExecSpec.Output.RECORD) {
            try {
                Files.createDirectories(execOutput(uuid));
            } catch (IOException e) {
                throw new DriverException("Cannot create " + execOutput(uuid) + ": " + e.getMessage(), e);
            }
            out = execOutput(uuid).resolve(record + ".stdout");
            err = execOutput(uuid).resolve(record + ".stderr");
        }
        return LxcExec.start(attach, uuid, paths.lxcPath(), spec, out, err);
    }

    @Override
    public Path execOutput(String uuid) {
        return paths.logFolder(uuid).resolve("exec-output");
    }

    @Override
    public Optional<Usage> usage(String uuid) {
        if (!Files.exists(paths.config(uuid))) {
            return Optional.empty();
        }
        return with(uuid, c -> {
            if (!c.isRunning()) {
                return Optional.<Usage>empty();
            }
            CgroupLayout layout = host.cgroups();
            long memory = number(c.cgroupItem(layout.memoryUsage()));
            long peak = number(c.cgroupItem(layout.memoryPeak()));
            long swap = number(c.cgroupItem(layout.swapUsage()));
            long swapPeak = number(c.cgroupItem(layout.swapPeak()));
            if (layout == CgroupLayout.V1) {
                swap = Math.max(0, swap - memory);
                swapPeak = Math.max(0, swapPeak - peak);
            }
            long cpu = c.cgroupItem(layout.cpuUsage()).map(layout::cpuNanos).orElse(0L);
            return Optional.of(new Usage(number(c.cgroupItem(layout.pids())), memory, peak, swap, swapPeak, cpu));
        });
    }

    /** Opens the container under its lock, runs {@code body}, closes it. */
    private <T> T with(String uuid, Function<LxcContainer, T> body) {
        return locked(uuid, () -> {
            try (LxcContainer c = LxcContainer.open(uuid, paths.lxcPath().toString())) {
                return body.apply(c);
            } catch (LxcException e) {
                throw new DriverException(e.getMessage(), e);
            }
        });
    }

    private <T> T locked(String uuid, java.util.function.Supplier<T> body) {
        ReentrantLock lock = locks.computeIfAbsent(uuid, k -> new ReentrantLock());
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    private static void requireRunning(LxcContainer c) {
        if (!c.isRunning()) {
            throw new DriverException("The instance is not running");
        }
    }

    private String lastLogLine(String uuid) {
        List<String> lines = new ArrayList<>();
        for (Path log : List.of(paths.lxcLog(uuid), paths.logFolder(uuid).resolve("lxc-start.out"))) {
            try {
                if (Files.exists(log)) {
                    lines.addAll(Files.readAllLines(log).stream().filter(l -> l.contains("ERROR")).toList());
                }
            } catch (IOException e) {
                LOG.debugf("Cannot read %s: %s", log, e.getMessage());
            }
        }
        return lines.isEmpty() ? "; see " + paths.lxcLog(uuid) : ": " + lines.get(lines.size() - 1).strip();
    }

    private static long number(Optional<String> text) {
        try {
            return text.map(String::trim).filter(t -> !t.isEmpty() && !t.equals("max")).map(Long::parseLong).orElse(0L);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new DriverException("Cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
