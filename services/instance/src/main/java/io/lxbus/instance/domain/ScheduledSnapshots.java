package io.lxbus.instance.domain;

import io.lxbus.events.Command;
import io.lxbus.events.CreateSnapshot;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.InstanceStatus;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * LXD's {@code autoCreateInstanceSnapshotsTask}: every minute, each instance whose expanded {@code snapshots.schedule}
 * fires in the coming minute gets a snapshot named by {@code snapshots.pattern} and expiring by
 * {@code snapshots.expiry} — a stopped one only with {@code snapshots.schedule.stopped=true}. The snapshot is an
 * ordinary {@code CreateSnapshot} with an internal id (never answered; no requestor), named after the instance and
 * the minute, so the caller can remember per instance which minute was taken last.
 */
public final class ScheduledSnapshots {
    private static final String ID = InstanceReactions.INTERNAL + "snapshot-schedule:";

    private ScheduledSnapshots() {
    }

    /** The snapshot {@code instance}'s schedule asks for in {@code minute}, unless it is not due or not wanted. */
    public static Optional<Command<InstanceCommand>> due(Instance instance, ZonedDateTime minute, Instant now) {
        Map<String, String> config = instance.expandedConfig() == null ? Map.of() : instance.expandedConfig();
        if (instance.status() == InstanceStatus.CREATING || instance.status() == InstanceStatus.DELETING
                || instance.rootPath() == null) {
            return Optional.empty();
        }
        if (!InstanceRules.isRunning(instance) && !"true".equalsIgnoreCase(config.get("snapshots.schedule.stopped"))) {
            return Optional.empty();
        }
        if (!SnapshotSchedule.firesAt(config.get("snapshots.schedule"), instance.uuid(), minute)) {
            return Optional.empty();
        }
        String id = ID + instance.uuid() + ":" + minuteOf(minute);
        return Optional.of(new Command<>(id, id, null, now, new CreateSnapshot(instance.project(), instance.name(),
                "", false, null)));
    }

    /** The key under which the last scheduled minute taken for {@code instance} is remembered. */
    public static String markKey(Instance instance) {
        return "schedule/" + instance.project() + "/" + instance.uuid();
    }

    /** The minute as a number that only grows (minutes since the epoch). */
    public static long minuteOf(ZonedDateTime minute) {
        return minute.toEpochSecond() / 60;
    }
}
