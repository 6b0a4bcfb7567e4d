package io.lxbus.instance.domain;

import io.lxbus.events.Command;
import io.lxbus.events.CreateInstance;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PowerState;
import io.lxbus.events.Snapshot;
import io.lxbus.instance.domain.InstanceDecision.Applied;
import io.lxbus.instance.domain.InstanceDecision.CreationNote;
import io.lxbus.instance.domain.InstanceDecision.InstanceWrite;
import io.lxbus.instance.domain.InstanceDecision.Rejected;
import io.lxbus.instance.domain.InstanceDecision.SnapshotWrite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /1.0/instances} with {@code source.type=copy}: a new instance whose root volume storage copies from
 * another instance ({@code c1}, with its snapshots unless {@code instance_only}) or from a snapshot ({@code c1/s1}).
 * Config, devices and profiles come from the request when it has them (the client sends the source's), else from the
 * source; every {@code volatile.*} key but the base image is dropped so the copy gets its own uuid, id map and NIC
 * addresses. A running source on a pool that needs it ({@code dir}) is frozen for the copy ({@link CopyFreeze}); its
 * record is written before the copy's, so storage never sees the copy before the freeze is asked for.
 */
final class CopyRules {
    private CopyRules() {
    }

    static InstanceDecision create(Command<?> command, CreateInstance create, InstanceWorld world,
                                   Supplier<String> uuids, long revision, Instant now) {
        InstanceSource source = create.source();
        String text = source.source() == null ? "" : source.source();
        String[] parts = text.split("/", 2);
        Optional<Instance> from = parts[0].isEmpty() ? Optional.empty() : world.instance(create.project(), parts[0]);
        if (from.isEmpty()) {
            return new Rejected(ErrorCode.NOT_FOUND, InstanceRules.NOT_FOUND);
        }
        Instance origin = from.get();
        if (origin.status() == InstanceStatus.CREATING || origin.status() == InstanceStatus.DELETING
                || origin.rootPath() == null) {
            return new Rejected(ErrorCode.CONFLICT, InstanceRules.BUSY);
        }
        Snapshot snapshot = null;
        if (parts.length == 2) {
            snapshot = world.snapshot(create.project(), origin.name(), parts[1]).orElse(null);
            if (snapshot == null) {
                return new Rejected(ErrorCode.NOT_FOUND, SnapshotRules.NOT_FOUND);
            }
            if (!Snapshot.CREATED.equals(snapshot.status())) {
                return new Rejected(ErrorCode.CONFLICT, InstanceRules.BUSY);
            }
        }
        boolean freeze = snapshot == null && SnapshotFreeze.needed(origin, world);
        if (freeze && origin.pending() != null) {
            return new Rejected(ErrorCode.CONFLICT, InstanceRules.BUSY);
        }
        Map<String, String> sourceConfig = snapshot != null ? snapshot.config() : origin.config();
        Map<String, Map<String, String>> sourceDevices = snapshot != null ? snapshot.devices() : origin.devices();
        List<String> sourceProfiles = snapshot != null ? snapshot.profiles() : origin.profiles();
        Map<String, String> requested = InstanceRules.nonEmpty(create.config());
        Map<String, String> config = withoutVolatile(requested.isEmpty() ? sourceConfig : requested);
        Map<String, Map<String, String>> devices = InstanceRules.devices(
                create.devices() == null || create.devices().isEmpty() ? sourceDevices : create.devices());
        List<String> profileNames = create.profiles() != null ? create.profiles()
                : sourceProfiles == null ? List.of() : sourceProfiles;
        InstanceRules.Either<InstanceRules.Expanded> expanded = InstanceRules.expand(world, create.project(),
                profileNames, config, devices);
        if (expanded.rejected() != null) {
            return expanded.rejected();
        }
        String pool = expanded.value().pool();
        if (world.pool(pool).isEmpty()) {
            return new Rejected(ErrorCode.NOT_FOUND, "Storage pool not found");
        }
        String baseImage = origin.config() == null ? null : origin.config().get(VolatileKeys.BASE_IMAGE);
        InstanceDraft draft = new InstanceDraft();
        draft.project = create.project();
        draft.name = create.name();
        draft.uuid = uuids.get();
        draft.type = origin.type();
        draft.description = create.description() == null || create.description().isEmpty()
                ? origin.description() : create.description();
        draft.architecture = origin.architecture();
        draft.ephemeral = create.ephemeral();
        draft.profiles = List.copyOf(profileNames);
        draft.config = new LinkedHashMap<>(config);
        if (baseImage != null) {
            draft.config.put(VolatileKeys.BASE_IMAGE, baseImage);
        }
        draft.config.put(VolatileKeys.UUID, draft.uuid);
        draft.config.put(VolatileKeys.LAST_POWER, PowerState.STOPPED.name());
        draft.config.put(VolatileKeys.APPLY_TEMPLATE, "copy");
        draft.devices = devices;
        draft.expandedConfig = ProfileExpansion.config(InstanceRules.profilesOf(world, create.project(), profileNames),
                draft.config);
        draft.expandedDevices = expanded.value().devices();
        draft.source = new InstanceSource("copy", baseImage, null, text,
                snapshot != null ? snapshot.uuid() : origin.uuid(), Boolean.TRUE.equals(source.instanceOnly()));
        draft.host = origin.host();
        draft.pool = pool;
        draft.status = InstanceStatus.CREATING;
        draft.power = PowerState.STOPPED;
        draft.pending = InstanceRules.pending(command, "create", false, -1, now);
        draft.createdAt = now;
        Instance instance = draft.build(revision, now);
        List<SnapshotWrite> snapshots = new ArrayList<>();
        if (snapshot == null && !Boolean.TRUE.equals(source.instanceOnly())) {
            for (Snapshot s : world.snapshots(create.project(), origin.name())) {
                if (!Snapshot.CREATED.equals(s.status())) {
                    continue;
                }
                Map<String, String> snapConfig = withoutVolatile(s.config());
                if (baseImage != null) {
                    snapConfig.put(VolatileKeys.BASE_IMAGE, baseImage);
                }
                snapshots.add(SnapshotRules.write(new Snapshot(create.project(), instance.name(), s.name(),
                        uuids.get(), instance.uuid(), s.description(), s.architecture(), s.ephemeral(),
                        s.profiles(), snapConfig, s.devices(), s.expandedConfig(), s.expandedDevices(),
                        instance.host(), pool, s.uuid(), Snapshot.CREATING, null, revision, s.createdAt(),
                        s.expiresAt(), s.lastUsedAt())));
            }
        }
        List<InstanceWrite> writes = new ArrayList<>();
        if (freeze) {
            writes.add(new InstanceWrite(origin.project(), origin.name(),
                    CopyFreeze.freeze(origin, instance.pending(), revision, now)));
        }
        writes.add(new InstanceWrite(instance.project(), instance.name(), instance));
        return new Applied(writes, List.of(), null,
                List.of(new CreationNote(instance.project(), instance.name(), new Creation(create.start(), null))),
                snapshots, List.of());
    }

    private static Map<String, String> withoutVolatile(Map<String, String> config) {
        Map<String, String> out = new LinkedHashMap<>();
        if (config != null) {
            config.forEach((key, value) -> {
                if (!key.startsWith("volatile.") && value != null && !value.isEmpty()) {
                    out.put(key, value);
                }
            });
        }
        return out;
    }
}
