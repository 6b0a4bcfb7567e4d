package io.lxbus.executor.driver;

import io.lxbus.events.IdmapEntry;
import io.lxbus.events.Instance;
import io.lxbus.executor.domain.Observed;

import java.util.List;
import java.util.Optional;

/**
 * Runs one kind of instance on this host, addressed by the instance's uuid. Calls for one uuid are serialized by
 * the caller; a driver must still be safe for calls on different uuids at once. Defaults say "not supported".
 */
public interface InstanceDriver {
    /** What it is and can do. */
    DriverInfo info();

    /** What the host has for the instance. */
    Observed observe(String uuid);

    /** The uuids of every instance this driver has on the host (running or not). */
    List<String> list();

    /** Writes its config from the record and starts it; a no-op when it already runs. Returns the id map in use. */
    List<IdmapEntry> start(Instance instance);

    /** Stops it: killed when {@code force}, else a clean shutdown within {@code timeoutSeconds} (-1: 30 s). */
    void stop(String uuid, boolean force, int timeoutSeconds);

    /** Removes everything the driver keeps for it, stopping it first when it runs. */
    void destroy(String uuid);

    /** Pauses it. */
    default void freeze(String uuid) {
        throw new DriverException("Freezing is not supported by the " + info().name() + " driver");
    }

    /** Resumes it. */
    default void unfreeze(String uuid) {
        throw new DriverException("Unfreezing is not supported by the " + info().name() + " driver");
    }

    /** Applies the live-changeable config ({@code limits.*}) to the running instance. */
    default void applyLimits(Instance instance) {
        throw new DriverException("Live limits are not supported by the " + info().name() + " driver");
    }

    /** Makes the running instance's devices those of the record (host disks); drivers without it apply them at start. */
    default void applyDevices(Instance instance) {
    }

    /** The id map its root file system's files are shifted to on disk ({@code volatile.last_state.idmap}). */
    default List<IdmapEntry> diskIdmap(Instance instance) {
        return List.of();
    }

    /**
     * Starts a command inside the running instance ({@code exec}); a recorded command's output goes to
     * {@code <execOutput>/<record>.stdout|.stderr}.
     */
    default ExecProcess exec(String uuid, io.lxbus.executor.domain.ExecSpec spec, String record) {
        throw new DriverException("exec is not supported by the " + info().name() + " driver");
    }

    /** Where recorded exec output of the instance is kept. */
    default java.nio.file.Path execOutput(String uuid) {
        throw new DriverException("exec is not supported by the " + info().name() + " driver");
    }

    /** Live resource use, empty when it does not run. */
    default Optional<Usage> usage(String uuid) {
        return Optional.empty();
    }
}
