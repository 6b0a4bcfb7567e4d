package io.lxbus.instance.domain;

import io.lxbus.events.Actions;
import io.lxbus.events.Command;
import io.lxbus.events.CreateSnapshot;
import io.lxbus.events.DeleteSnapshot;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.Names;
import io.lxbus.events.PendingAction;
import io.lxbus.events.PowerState;
import io.lxbus.events.RenameSnapshot;
import io.lxbus.events.RestoreSnapshot;
import io.lxbus.events.Snapshot;
import io.lxbus.events.UpdateSnapshot;
import io.lxbus.instance.domain.InstanceDecision.Applied;
import io.lxbus.instance.domain.InstanceDecision.Fact;
import io.lxbus.instance.domain.InstanceDecision.InstanceWrite;
import io.lxbus.instance.domain.InstanceDecision.Rejected;
import io.lxbus.instance.domain.InstanceDecision.Reply;
import io.lxbus.instance.domain.InstanceDecision.RestorationNote;
import io.lxbus.instance.domain.InstanceDecision.SnapshotWrite;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * LXD 5.0's rules for snapshot commands. Taking, deleting and restoring a snapshot need storage (and, for a running
 * instance's restore, the executor): they set the instance's {@code pending} — so nothing else runs on it meanwhile —
 * and leave the answer to {@link SnapshotReactions}. Renames and updates are records only.
 */
public final class SnapshotRules {
    static final String NOT_FOUND = "Snapshot not found";
    /** The pending action while storage copies the root volume into a new snapshot. */
    public static final String SNAPSHOT = "snapshot";
    /** The pending action while storage removes a snapshot's volume. */
    public static final String SNAPSHOT_DELETE = "snapshot-delete";
    /** The pending action while storage copies a snapshot's files back. */
    public static final String RESTORE = "restore";

    private final Supplier<String> uuids;
    private final ZoneId zone;

    /** Rules that take new snapshots' uuids from {@code uuids} and read dates in UTC. */
    public SnapshotRules(Supplier<String> uuids) {
        this(uuids, ZoneOffset.UTC);
    }

    /** Rules that take new snapshots' uuids from {@code uuids}; {@code snapshots.pattern} dates are in {@code zone}. */
    public SnapshotRules(Supplier<String> uuids, ZoneId zone) {
        this.uuids = uuids;
        this.zone = zone;
    }

    /** Whether the command is one of these rules'. */
    public static boolean handles(InstanceCommand body) {
        return body instanceof CreateSnapshot || body instanceof UpdateSnapshot || body instanceof RenameSnapshot
                || body instanceof DeleteSnapshot || body instanceof RestoreSnapshot;
    }

    /** The instance a snapshot command is about. */
    public static String instanceOf(InstanceCommand body) {
        if (body instanceof CreateSnapshot c) {
            return c.instance();
        } else if (body instanceof UpdateSnapshot c) {
            return c.instance();
        } else if (body instanceof RenameSnapshot c) {
            return c.instance();
        } else if (body instanceof DeleteSnapshot c) {
            return c.instance();
        } else if (body instanceof RestoreSnapshot c) {
            return c.name();
        }
        return null;
    }

    /** Decides a snapshot command. */
    public InstanceDecision decide(Command<? extends InstanceCommand> command, InstanceWorld world, long revision,
                                   Instant now) {
        InstanceCommand body = command.body();
        String project = body.project();
        Optional<Instance> found = Optional.ofNullable(instanceOf(body)).flatMap(name -> world.instance(project, name));
        if (found.isEmpty()) {
            return new Rejected(ErrorCode.NOT_FOUND, InstanceRules.NOT_FOUND);
        }
        Instance instance = found.get();
        if (instance.pending() != null) {
            return new Rejected(ErrorCode.CONFLICT, InstanceRules.BUSY);
        }
        if (body instanceof CreateSnapshot create) {
            return create(command, create, instance, world, revision, now);
        }
        String name = body instanceof UpdateSnapshot c ? c.name() : body instanceof RenameSnapshot c ? c.name()
                : body instanceof DeleteSnapshot c ? c.name() : ((RestoreSnapshot) body).snapshot();
        Optional<Snapshot> snapshot = name == null ? Optional.empty() : world.snapshot(project, instance.name(), name);
        if (snapshot.isEmpty()) {
            return new Rejected(ErrorCode.NOT_FOUND, NOT_FOUND);
        }
        if (!Snapshot.CREATED.equals(snapshot.get().status())) {
            return new Rejected(ErrorCode.CONFLICT, InstanceRules.BUSY);
        }
        if (body instanceof UpdateSnapshot update) {
            return update(command, update, snapshot.get(), revision, now);
        } else if (body instanceof RenameSnapshot rename) {
            return rename(command, rename, snapshot.get(), world, revision, now);
        } else if (body instanceof DeleteSnapshot) {
            return delete(command, instance, snapshot.get(), revision, now);
        }
        return restore(command, instance, snapshot.get(), revision, now);
    }

    private InstanceDecision create(Command<?> command, CreateSnapshot create, Instance instance, InstanceWorld world,
                                    long revision, Instant now) {
        if (create.stateful()) {
            return new Rejected(ErrorCode.BAD_REQUEST, "Stateful snapshots are not supported");
        }
        if (instance.status() == InstanceStatus.CREATING || instance.status() == InstanceStatus.DELETING
                || instance.rootPath() == null) {
            return new Rejected(ErrorCode.CONFLICT, InstanceRules.BUSY);
        }
        List<Snapshot> existing = world.snapshots(instance.project(), instance.name());
        String name = create.name();
        if (name == null || name.isEmpty()) {
            SnapshotPattern.Naming naming = SnapshotPattern.next(instance.expandedConfig() == null ? null
                    : instance.expandedConfig().get("snapshots.pattern"),
                    existing.stream().map(Snapshot::name).toList(), now.atZone(zone));
            if (naming.error() != null) {
                return new Rejected(ErrorCode.BAD_REQUEST, naming.error());
            }
            name = naming.name();
        }
        Optional<String> bad = Names.snapshotNameError(name);
        if (bad.isPresent()) {
            return new Rejected(ErrorCode.BAD_REQUEST, bad.get());
        }
        String chosen = name;
        if (existing.stream().anyMatch(s -> s.name().equals(chosen))) {
            return new Rejected(ErrorCode.CONFLICT,
                    "Snapshot \"" + instance.name() + "/" + name + "\" already exists");
        }
        PendingAction pending = pending(command, SNAPSHOT, false, null, now);
        boolean freeze = SnapshotFreeze.needed(instance, world);
        Snapshot snapshot = new Snapshot(instance.project(), instance.name(), name, uuids.get(), instance.uuid(),
                "", instance.architecture(), instance.ephemeral(), instance.profiles(), instance.config(),
                instance.devices(), instance.expandedConfig(), instance.expandedDevices(), instance.host(),
                instance.pool(), null, freeze ? Snapshot.FREEZING : Snapshot.CREATING, pending, revision, now,
                expiry(create, instance, now), instance.lastUsedAt());
        InstanceDraft draft = new InstanceDraft(instance);
        draft.pending = pending;
        if (freeze) {
            SnapshotFreeze.freeze(draft, pending);
        }
        return new Applied(List.of(new InstanceWrite(instance.project(), instance.name(), draft.build(revision, now))),
                List.of(), null, List.of(), List.of(write(snapshot)), List.of());
    }

    private InstanceDecision update(Command<?> command, UpdateSnapshot update, Snapshot snapshot, long revision,
                                    Instant now) {
        Instant expires = update.clearExpiry() ? null
                : update.expiresAt() != null ? update.expiresAt() : snapshot.expiresAt();
        String description = update.description() != null ? update.description() : snapshot.description();
        Snapshot changed = with(snapshot, snapshot.name(), description, expires, snapshot.status(),
                snapshot.pending(), revision);
        return new Applied(List.of(), List.of(fact(Actions.INSTANCE_SNAPSHOT_UPDATED, snapshot, Map.of(),
                command)), reply(command, snapshot), List.of(), List.of(write(changed)), List.of());
    }

    private InstanceDecision rename(Command<?> command, RenameSnapshot rename, Snapshot snapshot, InstanceWorld world,
                                    long revision, Instant now) {
        Optional<String> bad = Names.snapshotNameError(rename.newName());
        if (bad.isPresent()) {
            return new Rejected(ErrorCode.BAD_REQUEST, bad.get());
        }
        if (world.snapshot(snapshot.project(), snapshot.instance(), rename.newName()).isPresent()) {
            return new Rejected(ErrorCode.CONFLICT, "Name \"" + snapshot.instance() + "/" + rename.newName()
                    + "\" already in use");
        }
        Snapshot renamed = with(snapshot, rename.newName(), snapshot.description(), snapshot.expiresAt(),
                snapshot.status(), snapshot.pending(), revision);
        return new Applied(List.of(), List.of(fact(Actions.INSTANCE_SNAPSHOT_RENAMED, renamed,
                Map.of("old_name", snapshot.name()), command)), reply(command, renamed), List.of(),
                List.of(new SnapshotWrite(snapshot.project(), snapshot.instance(), snapshot.name(), null),
                        write(renamed)), List.of());
    }

    private InstanceDecision delete(Command<?> command, Instance instance, Snapshot snapshot, long revision,
                                    Instant now) {
        PendingAction pending = pending(command, SNAPSHOT_DELETE, false, null, now);
        Snapshot deleting = withStatus(snapshot, Snapshot.DELETING, pending, revision);
        InstanceDraft draft = new InstanceDraft(instance);
        draft.pending = pending;
        return new Applied(List.of(new InstanceWrite(instance.project(), instance.name(), draft.build(revision, now))),
                List.of(), null, List.of(), List.of(write(deleting)), List.of());
    }

    private InstanceDecision restore(Command<?> command, Instance instance, Snapshot snapshot, long revision,
                                     Instant now) {
        if (instance.status() == InstanceStatus.CREATING || instance.status() == InstanceStatus.DELETING) {
            return new Rejected(ErrorCode.CONFLICT, InstanceRules.BUSY);
        }
        boolean running = InstanceRules.isRunning(instance);
        Restoration note = new Restoration(command.operationId(), command.commandId(), command.requestor(),
                snapshot.name(), snapshot.uuid(), running);
        InstanceDraft draft = new InstanceDraft(instance);
        if (running) {
            draft.power = PowerState.STOPPED;
            draft.pending = new PendingAction(stopOperation(note), command.commandId(), "stop", true, -1,
                    command.requestor(), now);
        } else {
            draft.pending = pending(command, RESTORE, false, snapshot.uuid(), now);
        }
        return new Applied(List.of(new InstanceWrite(instance.project(), instance.name(), draft.build(revision, now))),
                List.of(), null, List.of(), List.of(),
                List.of(new RestorationNote(instance.project(), instance.name(), note)));
    }

    /** LXD's order: an explicit {@code expires_at}, then {@code --no-expiry}, then the expanded snapshots.expiry. */
    static Instant expiry(CreateSnapshot create, Instance instance, Instant now) {
        if (create.expiresAt() != null || create.neverExpires()) {
            return create.expiresAt();
        }
        return SnapshotExpiry.from(instance.expandedConfig(), now).orElse(null);
    }

    /** The operation id of a restore's stop step (never answered; the restore's own id is in the note). */
    static String stopOperation(Restoration note) {
        return InstanceReactions.INTERNAL + "restore-stop:" + note.operationId();
    }

    /** The operation id of a restore's start step. */
    static String startOperation(Restoration note) {
        return InstanceReactions.INTERNAL + "restore-start:" + note.operationId();
    }

    /** The same snapshot (name, description, expiry) with another status and pending step. */
    static Snapshot withStatus(Snapshot snapshot, String status, PendingAction pending, long revision) {
        return with(snapshot, snapshot.name(), snapshot.description(), snapshot.expiresAt(), status, pending, revision);
    }

    /** The snapshot with a new name, description, expiry, status and pending action. */
    static Snapshot with(Snapshot s, String name, String description, Instant expiresAt, String status,
                         PendingAction pending, long revision) {
        return new Snapshot(s.project(), s.instance(), name, s.uuid(), s.instanceUuid(), description,
                s.architecture(), s.ephemeral(), s.profiles(), s.config(), s.devices(), s.expandedConfig(),
                s.expandedDevices(), s.host(), s.pool(), s.copyOf(), status, pending, revision, s.createdAt(),
                expiresAt, s.lastUsedAt());
    }

    static SnapshotWrite write(Snapshot snapshot) {
        return new SnapshotWrite(snapshot.project(), snapshot.instance(), snapshot.name(), snapshot);
    }

    /** An event about a snapshot: its source is {@code /1.0/instances/<instance>/snapshots/<name>}. */
    static Fact fact(String action, Snapshot snapshot, Map<String, Object> context, Command<?> command) {
        return new Fact(action, snapshot.project(), path(snapshot), context,
                command == null ? null : command.requestor());
    }

    /** The snapshot's name under {@code /1.0/instances/}. */
    static String path(Snapshot snapshot) {
        return snapshot.instance() + "/snapshots/" + snapshot.name();
    }

    private static Reply reply(Command<?> command, Snapshot snapshot) {
        return new Reply(command.operationId(), command.commandId(), null, "", snapshot.project(), path(snapshot));
    }

    private static PendingAction pending(Command<?> command, String action, boolean force, String snapshot,
                                         Instant now) {
        return new PendingAction(command.operationId(), command.commandId(), action, force, -1, command.requestor(),
                now, snapshot);
    }
}
