package io.lxbus.instance.domain;

import io.lxbus.events.Actions;
import io.lxbus.events.ChangeInstanceState;
import io.lxbus.events.Command;
import io.lxbus.events.CreateInstance;
import io.lxbus.events.DeleteInstance;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.ExecutorHost;
import io.lxbus.events.IdmapLedger;
import io.lxbus.events.Image;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.Names;
import io.lxbus.events.PatchInstance;
import io.lxbus.events.PendingAction;
import io.lxbus.events.PowerState;
import io.lxbus.events.Profile;
import io.lxbus.events.RecordInstanceAccess;
import io.lxbus.events.RenameInstance;
import io.lxbus.events.ReplaceInstance;
import io.lxbus.events.Snapshot;
import io.lxbus.instance.domain.InstanceDecision.Applied;
import io.lxbus.instance.domain.InstanceDecision.CreationNote;
import io.lxbus.instance.domain.InstanceDecision.Fact;
import io.lxbus.instance.domain.InstanceDecision.InstanceWrite;
import io.lxbus.instance.domain.InstanceDecision.Rejected;
import io.lxbus.instance.domain.InstanceDecision.Reply;
import io.lxbus.instance.domain.InstanceDecision.SnapshotWrite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * LXD 5.0's rules for instance commands: decides what a command does to the instances of its project. Commands
 * that need a host or another owner to act set {@code pending} and leave the answer to {@link InstanceReactions}.
 */
public final class InstanceRules {
    /** The only instance type lxbus runs for now. */
    public static final String CONTAINER = "container";
    static final String NOT_FOUND = "Instance not found";
    static final String BUSY = "Another operation is already running on this instance";

    private final Supplier<String> uuids;

    /** Rules that take new instances' uuids from {@code uuids}. */
    public InstanceRules(Supplier<String> uuids) {
        this.uuids = uuids;
    }

    /** Decides {@code command}; {@code revision} is what every record written carries. */
    public InstanceDecision decide(Command<? extends InstanceCommand> command, InstanceWorld world, long revision,
                                   Instant now) {
        InstanceCommand body = command.body();
        if (body.project() == null || body.project().isEmpty()) {
            return new Rejected(ErrorCode.BAD_REQUEST, "No project provided");
        }
        if (body instanceof CreateInstance create) {
            return create(command, create, world, revision, now);
        }
        Map<String, String> submitted = body instanceof ReplaceInstance replace ? replace.config()
                : body instanceof PatchInstance patch ? patch.config() : null;
        Optional<String> badSubmitted = InstanceConfig.problem(submitted, ConfigScope.INSTANCE);
        if (badSubmitted.isPresent()) {
            // Server-owned keys (volatile.idmap.*) are never taken from a client, but a bad value is still an error.
            return new Rejected(ErrorCode.BAD_REQUEST, badSubmitted.get());
        }
        if (body instanceof ReplaceInstance replace) {
            return existing(world, replace.project(), replace.name(), replace.ifMatchRevision())
                    .map(found -> update(command, found, replace.description(), replace.profiles(),
                            VolatileKeys.replace(found.config(), replace.config()), devices(replace.devices()),
                            replace.ephemeral(), world, revision, now));
        } else if (body instanceof PatchInstance patch) {
            return existing(world, patch.project(), patch.name(), patch.ifMatchRevision()).map(found -> {
                Map<String, Map<String, String>> devices = new LinkedHashMap<>(found.devices());
                if (patch.devices() != null) {
                    patch.devices().forEach((name, device) -> {
                        if (device == null) {
                            devices.remove(name);
                        } else {
                            devices.put(name, new LinkedHashMap<>(device));
                        }
                    });
                }
                return update(command, found,
                        patch.description() != null ? patch.description() : found.description(),
                        patch.profiles() != null ? patch.profiles() : found.profiles(),
                        VolatileKeys.patch(found.config(), patch.config()), devices,
                        patch.ephemeral() != null ? patch.ephemeral() : found.ephemeral(), world, revision, now);
            });
        } else if (body instanceof RenameInstance rename) {
            return rename(command, rename, world, revision, now);
        } else if (body instanceof DeleteInstance delete) {
            return existing(world, delete.project(), delete.name(), null)
                    .map(found -> delete(command, found, revision, now));
        } else if (body instanceof ChangeInstanceState change) {
            return existing(world, change.project(), change.name(), null)
                    .map(found -> changeState(command, change, found, revision, now));
        } else if (body instanceof RecordInstanceAccess access) {
            return existing(world, access.project(), access.name(), null).map(found -> access(command, access));
        }
        return new Rejected(ErrorCode.BAD_REQUEST, "Unsupported command " + body.getClass().getSimpleName());
    }

    /** A fact about the instance's data (file, console, log): an event, no record; allowed whatever is in flight. */
    private static InstanceDecision access(Command<?> command, RecordInstanceAccess access) {
        if (!Actions.ACCESS_ACTIONS.contains(access.action())) {
            return new Rejected(ErrorCode.BAD_REQUEST, "Not a fact about an instance's data: " + access.action());
        }
        Map<String, Object> context = access.context() == null ? Map.of() : access.context();
        return new Applied(List.of(), List.of(new Fact(access.action(), access.project(), access.name(), context,
                command.requestor())), new Reply(command.operationId(), command.commandId(), null, "",
                access.project(), access.name()), List.of());
    }

    private InstanceDecision create(Command<?> command, CreateInstance create, InstanceWorld world, long revision,
                                    Instant now) {
        Optional<String> badName = Names.instanceNameError(create.name());
        if (badName.isPresent()) {
            return new Rejected(ErrorCode.BAD_REQUEST, badName.get());
        }
        String type = create.type() == null || create.type().isEmpty() ? CONTAINER : create.type();
        if (type.equals("virtual-machine")) {
            return new Rejected(ErrorCode.BAD_REQUEST, "Virtual machines are not supported yet");
        }
        if (!type.equals(CONTAINER)) {
            return new Rejected(ErrorCode.BAD_REQUEST, "Invalid instance type \"" + type + "\"");
        }
        if (world.instance(create.project(), create.name()).isPresent()) {
            return new Rejected(ErrorCode.CONFLICT, "Instance \"" + create.name() + "\" already exists");
        }
        if (create.source() != null && create.source().isCopy()) {
            return CopyRules.create(command, create, world, uuids, revision, now);
        }
        List<String> profileNames = create.profiles() == null ? List.of(ProfileRules.DEFAULT) : create.profiles();
        Map<String, String> config = nonEmpty(create.config());
        Map<String, Map<String, String>> devices = devices(create.devices());
        Either<Expanded> expanded = expand(world, create.project(), profileNames, config, devices);
        if (expanded.rejected() != null) {
            return expanded.rejected();
        }
        Either<Image> image = image(world, create.project(), create.source());
        if (image.rejected() != null) {
            return image.rejected();
        }
        String pool = expanded.value().pool();
        if (world.pool(pool).isEmpty()) {
            return new Rejected(ErrorCode.NOT_FOUND, "Storage pool not found");
        }
        Optional<ExecutorHost> host = world.hosts().stream().min(Comparator.comparing(ExecutorHost::name));
        if (host.isEmpty()) {
            return new Rejected(ErrorCode.UNAVAILABLE, "No host can run instances right now");
        }
        Image found = image.value();
        InstanceDraft draft = new InstanceDraft();
        draft.project = create.project();
        draft.name = create.name();
        draft.uuid = uuids.get();
        draft.type = type;
        draft.description = create.description() == null ? "" : create.description();
        draft.architecture = found.architecture();
        draft.ephemeral = create.ephemeral();
        draft.profiles = List.copyOf(profileNames);
        draft.config = new LinkedHashMap<>(config);
        if (found.properties() != null) {
            found.properties().forEach((key, value) -> draft.config.putIfAbsent("image." + key, value));
        }
        draft.config.put(VolatileKeys.BASE_IMAGE, found.fingerprint());
        draft.config.put(VolatileKeys.UUID, draft.uuid);
        draft.config.put(VolatileKeys.LAST_POWER, PowerState.STOPPED.name());
        draft.config.put(VolatileKeys.APPLY_TEMPLATE, "create");
        draft.devices = devices;
        draft.expandedConfig = ProfileExpansion.config(profilesOf(world, create.project(), profileNames),
                draft.config);
        draft.expandedDevices = expanded.value().devices();
        draft.source = new InstanceSource("image", found.fingerprint(),
                create.source() == null ? null : create.source().alias());
        draft.host = host.get().name();
        draft.pool = pool;
        draft.status = InstanceStatus.CREATING;
        draft.power = PowerState.STOPPED;
        draft.pending = pending(command, "create", false, -1, now);
        draft.createdAt = now;
        Instance instance = draft.build(revision, now);
        return new Applied(List.of(new InstanceWrite(instance.project(), instance.name(), instance)), List.of(), null,
                List.of(new CreationNote(instance.project(), instance.name(), new Creation(create.start(), null))));
    }

    private InstanceDecision update(Command<?> command, Instance found, String description, List<String> profiles,
                                    Map<String, String> config, Map<String, Map<String, String>> devices,
                                    boolean ephemeral, InstanceWorld world, long revision, Instant now) {
        Optional<Rejected> idle = idle(found);
        if (idle.isPresent()) {
            return idle.get();
        }
        List<String> profileNames = profiles == null ? List.of() : profiles;
        Either<Expanded> expanded = expand(world, found.project(), profileNames, config, devices);
        if (expanded.rejected() != null) {
            return expanded.rejected();
        }
        if (!expanded.value().pool().equals(found.pool())) {
            return new Rejected(ErrorCode.BAD_REQUEST, "Moving the root disk to another storage pool (\""
                    + found.pool() + "\" to \"" + expanded.value().pool() + "\") is not supported");
        }
        InstanceDraft draft = new InstanceDraft(found);
        draft.description = description == null ? "" : description;
        draft.profiles = List.copyOf(profileNames);
        draft.config = new LinkedHashMap<>(config);
        draft.devices = devices;
        draft.ephemeral = ephemeral;
        draft.expandedConfig = ProfileExpansion.config(profilesOf(world, found.project(), profileNames), config);
        draft.expandedDevices = expanded.value().devices();
        boolean running = found.status() == InstanceStatus.RUNNING || found.status() == InstanceStatus.FROZEN;
        if (IdmapLedger.mapChanged(found.expandedConfig(), draft.expandedConfig)) {
            // The idmap service answers first (a refusal puts the old record back); a running instance then applies
            // its live changes, and the new map waits in volatile.idmap.next for the next start, as in LXD.
            draft.pending = pending(command, IdmapLedger.REMAP, false, -1, now);
            Instance instance = draft.build(revision, now);
            return new Applied(List.of(new InstanceWrite(found.project(), found.name(), instance)), List.of(), null,
                    List.of(new CreationNote(found.project(), found.name(), new Creation(false, null, found))));
        }
        if (running) {
            draft.pending = pending(command, "update", false, -1, now);
            Instance instance = draft.build(revision, now);
            return new Applied(List.of(new InstanceWrite(found.project(), found.name(), instance)), List.of(), null,
                    List.of());
        }
        Instance instance = draft.build(revision, now);
        return new Applied(List.of(new InstanceWrite(found.project(), found.name(), instance)),
                List.of(new Fact(Actions.INSTANCE_UPDATED, found.project(), found.name(),
                        HostUserWarning.context(Map.of(), instance.expandedConfig()),
                        command.requestor())),
                ok(command, found.project(), found.name()), List.of());
    }

    private InstanceDecision rename(Command<?> command, RenameInstance rename, InstanceWorld world, long revision,
                                    Instant now) {
        Optional<Instance> found = world.instance(rename.project(), rename.name());
        if (found.isEmpty()) {
            return new Rejected(ErrorCode.NOT_FOUND, NOT_FOUND);
        }
        Optional<Rejected> idle = idle(found.get());
        if (idle.isPresent()) {
            return idle.get();
        }
        if (isRunning(found.get())) {
            return new Rejected(ErrorCode.BAD_REQUEST, "Renaming of running instance not allowed");
        }
        Optional<String> badName = Names.instanceNameError(rename.newName());
        if (badName.isPresent()) {
            return new Rejected(ErrorCode.BAD_REQUEST, badName.get());
        }
        if (world.instance(rename.project(), rename.newName()).isPresent()) {
            return new Rejected(ErrorCode.CONFLICT, "Name \"" + rename.newName() + "\" already in use");
        }
        InstanceDraft draft = new InstanceDraft(found.get());
        draft.name = rename.newName();
        Instance renamed = draft.build(revision, now);
        List<SnapshotWrite> snapshots = new ArrayList<>();
        for (Snapshot snapshot : world.snapshots(rename.project(), rename.name())) {
            snapshots.add(new SnapshotWrite(rename.project(), rename.name(), snapshot.name(), null));
            snapshots.add(SnapshotRules.write(new Snapshot(snapshot.project(), rename.newName(), snapshot.name(),
                    snapshot.uuid(), snapshot.instanceUuid(), snapshot.description(), snapshot.architecture(),
                    snapshot.ephemeral(), snapshot.profiles(), snapshot.config(), snapshot.devices(),
                    snapshot.expandedConfig(), snapshot.expandedDevices(), snapshot.host(), snapshot.pool(),
                    snapshot.copyOf(), snapshot.status(), snapshot.pending(), revision, snapshot.createdAt(),
                    snapshot.expiresAt(), snapshot.lastUsedAt())));
        }
        return new Applied(List.of(new InstanceWrite(rename.project(), rename.name(), null),
                new InstanceWrite(rename.project(), rename.newName(), renamed)),
                List.of(new Fact(Actions.INSTANCE_RENAMED, rename.project(), rename.newName(),
                        Map.of("old_name", rename.name()), command.requestor())),
                ok(command, rename.project(), rename.newName()), List.of(), snapshots, List.of());
    }

    private InstanceDecision delete(Command<?> command, Instance found, long revision, Instant now) {
        Optional<Rejected> idle = idle(found);
        if (idle.isPresent()) {
            return idle.get();
        }
        if (isRunning(found)) {
            return new Rejected(ErrorCode.BAD_REQUEST, "Instance is running");
        }
        InstanceDraft draft = new InstanceDraft(found);
        draft.status = InstanceStatus.DELETING;
        draft.power = PowerState.STOPPED;
        draft.pending = pending(command, "delete", false, -1, now);
        Instance instance = draft.build(revision, now);
        return new Applied(List.of(new InstanceWrite(found.project(), found.name(), instance)), List.of(), null,
                List.of());
    }

    private InstanceDecision changeState(Command<?> command, ChangeInstanceState change, Instance found,
                                         long revision, Instant now) {
        Optional<Rejected> idle = idle(found);
        if (idle.isPresent()) {
            return idle.get();
        }
        String action = change.action() == null ? "" : change.action();
        if (change.stateful() && (action.equals("start") || action.equals("stop"))) {
            return new Rejected(ErrorCode.BAD_REQUEST, "Stateful stop/start is not supported");
        }
        InstanceStatus status = found.status();
        PowerState power;
        switch (action) {
            case "start" -> {
                if (isRunning(found)) {
                    return new Rejected(ErrorCode.BAD_REQUEST, "The instance is already running");
                }
                power = PowerState.RUNNING;
            }
            case "stop" -> {
                if (status == InstanceStatus.STOPPED) {
                    return new Rejected(ErrorCode.BAD_REQUEST, "The instance is already stopped");
                }
                power = PowerState.STOPPED;
            }
            case "restart" -> {
                if (!isRunning(found)) {
                    return new Rejected(ErrorCode.BAD_REQUEST, "The instance is not running");
                }
                power = PowerState.RUNNING;
            }
            case "freeze" -> {
                if (status == InstanceStatus.FROZEN) {
                    return new Rejected(ErrorCode.BAD_REQUEST, "The instance is already frozen");
                }
                if (status != InstanceStatus.RUNNING) {
                    return new Rejected(ErrorCode.BAD_REQUEST, "The instance is not running");
                }
                power = PowerState.FROZEN;
            }
            case "unfreeze" -> {
                if (status != InstanceStatus.FROZEN) {
                    return new Rejected(ErrorCode.BAD_REQUEST, "The instance is not frozen");
                }
                power = PowerState.RUNNING;
            }
            default -> {
                return new Rejected(ErrorCode.BAD_REQUEST, "Unknown action " + action);
            }
        }
        InstanceDraft draft = new InstanceDraft(found);
        draft.power = power;
        draft.pending = pending(command, action, change.force(), change.timeoutSeconds(), now);
        Instance instance = draft.build(revision, now);
        return new Applied(List.of(new InstanceWrite(found.project(), found.name(), instance)), List.of(), null,
                List.of());
    }

    /**
     * The instances using {@code profile} after it changed (or, with {@code newName}, was renamed), with their
     * profile lists and expanded fields recomputed; {@code profiles} resolves the project's profiles as they are
     * after the change.
     */
    public static List<InstanceWrite> followProfile(String project, String profile, String newName,
                                                    InstanceWorld world, ProfileLookup profiles, long revision,
                                                    Instant now) {
        List<InstanceWrite> writes = new ArrayList<>();
        for (Instance instance : world.instances(project)) {
            if (instance.profiles() == null || !instance.profiles().contains(profile)) {
                continue;
            }
            InstanceDraft draft = new InstanceDraft(instance);
            if (newName != null) {
                draft.profiles = instance.profiles().stream().map(p -> p.equals(profile) ? newName : p).toList();
            }
            List<Profile> applied = draft.profiles.stream().map(p -> profiles.find(project, p))
                    .flatMap(Optional::stream).toList();
            draft.expandedConfig = ProfileExpansion.config(applied, draft.config);
            draft.expandedDevices = ProfileExpansion.devices(applied, draft.devices);
            writes.add(new InstanceWrite(project, instance.name(), draft.build(revision, now)));
        }
        return writes;
    }

    static boolean isRunning(Instance instance) {
        return instance.status() == InstanceStatus.RUNNING || instance.status() == InstanceStatus.FROZEN;
    }

    static Reply ok(Command<?> command, String project, String name) {
        return new Reply(command.operationId(), command.commandId(), null, "", project, name);
    }

    static Reply okReply(PendingAction pending, String project, String name) {
        return new Reply(pending.operationId(), pending.commandId(), null, "", project, name);
    }

    static PendingAction pending(Command<?> command, String action, boolean force, int timeout, Instant now) {
        return new PendingAction(command.operationId(), command.commandId(), action, force, timeout,
                command.requestor(), now);
    }

    private static Optional<Rejected> idle(Instance instance) {
        return instance.pending() != null ? Optional.of(new Rejected(ErrorCode.CONFLICT, BUSY)) : Optional.empty();
    }

    private static Either<Instance> existing(InstanceWorld world, String project, String name, Long ifMatch) {
        Optional<Instance> found = name == null ? Optional.empty() : world.instance(project, name);
        if (found.isEmpty()) {
            return Either.no(new Rejected(ErrorCode.NOT_FOUND, NOT_FOUND));
        }
        if (ifMatch != null && ifMatch != found.get().revision()) {
            return Either.no(new Rejected(ErrorCode.PRECONDITION_FAILED,
                    "ETag doesn't match: " + found.get().revision() + " vs " + ifMatch));
        }
        return Either.yes(found.get());
    }

    /** Validates the local config and devices and the profiles, and merges them; the root disk must be there. */
    static Either<Expanded> expand(InstanceWorld world, String project, List<String> profileNames,
                                           Map<String, String> config, Map<String, Map<String, String>> devices) {
        if (new HashSet<>(profileNames).size() != profileNames.size()) {
            return Either.no(new Rejected(ErrorCode.BAD_REQUEST, "Duplicate profile found in request"));
        }
        for (String name : profileNames) {
            if (world.find(project, name).isEmpty()) {
                return Either.no(new Rejected(ErrorCode.BAD_REQUEST,
                        "Requested profile \"" + name + "\" doesn't exist"));
            }
        }
        Optional<String> problem = InstanceConfig.problem(config, ConfigScope.INSTANCE)
                .or(() -> DeviceRules.problem(devices, ConfigScope.INSTANCE));
        if (problem.isPresent()) {
            return Either.no(new Rejected(ErrorCode.BAD_REQUEST, problem.get()));
        }
        Map<String, Map<String, String>> expanded = ProfileExpansion.devices(profilesOf(world, project, profileNames),
                devices);
        Optional<Map.Entry<String, Map<String, String>>> root = ProfileExpansion.rootDisk(expanded);
        if (root.isEmpty()) {
            return Either.no(new Rejected(ErrorCode.BAD_REQUEST, "No root device could be found"));
        }
        return Either.yes(new Expanded(expanded, root.get().getValue().get("pool")));
    }

    /** The image a source names: a fingerprint (or a unique prefix of one), else the alias. */
    private static Either<Image> image(InstanceWorld world, String project, InstanceSource source) {
        if (source == null || (source.type() != null && !source.type().isEmpty() && !source.type().equals("image"))) {
            return Either.no(new Rejected(ErrorCode.BAD_REQUEST, "Only instances from images are supported for now"));
        }
        String fingerprint = source.fingerprint();
        if ((fingerprint == null || fingerprint.isEmpty()) && source.alias() != null && !source.alias().isEmpty()) {
            fingerprint = world.alias(project, source.alias()).map(a -> a.target()).orElse(null);
        }
        if (fingerprint == null || fingerprint.isEmpty()) {
            return Either.no(new Rejected(ErrorCode.NOT_FOUND, "Image not found"));
        }
        List<Image> matches = world.imagesByPrefix(project, fingerprint);
        String full = fingerprint;
        Optional<Image> exact = matches.stream().filter(i -> i.fingerprint().equals(full)).findFirst();
        if (exact.isPresent()) {
            return Either.yes(exact.get());
        }
        if (matches.size() > 1) {
            return Either.no(new Rejected(ErrorCode.BAD_REQUEST,
                    "More than one image matches the fingerprint prefix \"" + fingerprint + "\""));
        }
        return matches.isEmpty() ? Either.no(new Rejected(ErrorCode.NOT_FOUND, "Image not found"))
                : Either.yes(matches.get(0));
    }

    static List<Profile> profilesOf(ProfileLookup world, String project, List<String> names) {
        return names.stream().map(name -> world.find(project, name)).flatMap(Optional::stream).toList();
    }

    static Map<String, String> nonEmpty(Map<String, String> config) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (config != null) {
            config.forEach((key, value) -> {
                if (value != null && !value.isEmpty()) {
                    copy.put(key, value);
                }
            });
        }
        return copy;
    }

    static Map<String, Map<String, String>> devices(Map<String, Map<String, String>> devices) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        if (devices != null) {
            devices.forEach((name, device) -> copy.put(name, device == null ? null : new LinkedHashMap<>(device)));
        }
        return copy;
    }

    /** Expanded devices and the root disk's pool. */
    record Expanded(Map<String, Map<String, String>> devices, String pool) {
    }

    /** A value or the refusal, whichever applies. */
    record Either<T>(T value, Rejected rejected) {
        static <T> Either<T> yes(T value) {
            return new Either<>(value, null);
        }

        static <T> Either<T> no(Rejected rejected) {
            return new Either<>(null, rejected);
        }

        InstanceDecision map(java.util.function.Function<T, InstanceDecision> onValue) {
            return rejected != null ? rejected : onValue.apply(value);
        }
    }
}
