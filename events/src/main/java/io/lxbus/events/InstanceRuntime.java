package io.lxbus.events;

import java.time.Instant;
import java.util.List;

/**
 * What a host really runs for an instance, on {@code lxbus.executor.runtime} keyed by
 * {@code <project>/<name>} (project partitioned); written only by that host's executor, tombstoned
 * once the instance's container is gone from the host after a delete.
 *
 * @param project         the instance's project
 * @param name            the instance's name
 * @param instanceUuid    the instance's uuid (the container's name on the host)
 * @param host            the host
 * @param status          {@code Running}, {@code Stopped}, {@code Frozen} or {@code Error}
 * @param pid             the init process's host pid; 0 when not running
 * @param lastOperationId the last {@link PendingAction#operationId()} the executor finished
 * @param lastError       why that action failed; null when it worked
 * @param reason          why it is in this status: {@code requested}, {@code exited} (stopped on its own),
 *                        {@code adopted} (found running at executor start)
 * @param idmap           the id map the container runs with ({@code volatile.idmap.current})
 * @param since           when the status last changed
 * @param diskIdmap       the id map its root file system's files are shifted to on disk ({@code
 *                        volatile.last_state.idmap}): empty when they are not shifted (an idmapped mount, a
 *                        privileged container); null from executors that do not report it
 */
public record InstanceRuntime(String project, String name, String instanceUuid, String host, String status, long pid,
                              String lastOperationId, String lastError, String reason, List<IdmapEntry> idmap,
                              Instant since, List<IdmapEntry> diskIdmap) {

    /** A record without {@code diskIdmap} (unknown: readers fall back to {@code idmap}). */
    public InstanceRuntime(String project, String name, String instanceUuid, String host, String status, long pid,
                           String lastOperationId, String lastError, String reason, List<IdmapEntry> idmap,
                           Instant since) {
        this(project, name, instanceUuid, host, status, pid, lastOperationId, lastError, reason, idmap, since, null);
    }
}
