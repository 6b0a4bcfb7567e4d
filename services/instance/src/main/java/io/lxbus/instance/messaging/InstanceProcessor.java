package io.lxbus.instance.messaging;

import io.lxbus.common.InboundCommand;
import io.lxbus.events.Command;
import io.lxbus.events.CreateInstance;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.HostFact;
import io.lxbus.events.IdMap;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.Keys;
import io.lxbus.events.RenameInstance;
import io.lxbus.events.Result;
import io.lxbus.events.Volume;
import io.lxbus.instance.domain.CopyFreeze;
import io.lxbus.instance.domain.InstanceDecision;
import io.lxbus.instance.domain.InstanceDecision.Applied;
import io.lxbus.instance.domain.InstanceDecision.InstanceWrite;
import io.lxbus.instance.domain.InstanceReactions;
import io.lxbus.instance.domain.InstanceRules;
import io.lxbus.instance.domain.InstanceWorld;
import io.lxbus.instance.domain.ScheduledSnapshots;
import io.lxbus.instance.domain.SnapshotExpiry;
import io.lxbus.instance.domain.SnapshotSchedule;
import io.lxbus.instance.domain.SnapshotReactions;
import io.lxbus.instance.domain.SnapshotRules;
import io.lxbus.instance.domain.ProfileDecision;
import io.lxbus.instance.domain.ProfileDecision.ProfileWrite;
import io.lxbus.instance.domain.ProfileRules;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The one processor of a project's task. It reads the project's commands and the side records other owners write
 * (id maps, volumes, images, aliases, runtime), keeps local copies of them, and decides with the domain rules:
 * a command is answered from the handled-commands store when repeated, otherwise applied; a side record moves the
 * instance it is about through its state machine. Each input's whole outcome is one prepared {@link Outcome}.
 */
final class InstanceProcessor implements Processor<String, Object, String, byte[]> {
    private static final Logger LOG = Logger.getLogger(InstanceProcessor.class);
    private static final Duration FORGET_EVERY = Duration.ofMinutes(10);
    /** Lifecycle actions a host's fact may become. */
    private static final Set<String> HOST_ACTIONS = Set.of(io.lxbus.events.Actions.INSTANCE_EXEC);
    /** The reactions asked in order for every input about an instance (see {@link #react}). */
    private static final List<Reaction> REACTIONS = List.of(CopyFreeze::react, SnapshotReactions::react,
            InstanceReactions::react, SnapshotReactions::react, CopyFreeze::react);

    private final Clock clock;
    private final Duration commandRetention;
    private final Duration expiryCheck;
    private final Duration scheduleCheck;
    private final InstanceRules instanceRules = new InstanceRules(() -> UUID.randomUUID().toString());
    private final SnapshotRules snapshotRules;
    private ProfileRules profileRules;
    private ProcessorContext<String, byte[]> context;
    private StoreWorld world;
    private KeyValueStore<String, Result> handled;
    private KeyValueStore<String, Long> counters;

    InstanceProcessor(Clock clock, Duration commandRetention, Duration expiryCheck, Duration scheduleCheck) {
        this.clock = clock;
        this.commandRetention = commandRetention;
        this.expiryCheck = expiryCheck;
        this.scheduleCheck = scheduleCheck;
        this.snapshotRules = new SnapshotRules(() -> UUID.randomUUID().toString(), clock.getZone());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.world = new StoreWorld(context);
        this.handled = context.getStateStore(StoreNames.HANDLED_COMMANDS);
        this.counters = context.getStateStore(StoreNames.COUNTERS);
        this.profileRules = new ProfileRules((project, name) -> world.instances(project).stream()
                .filter(instance -> instance.profiles() != null && instance.profiles().contains(name))
                .map(instance -> Keys.source(Outcome.INSTANCES, project, instance.name()))
                .toList());
        context.schedule(FORGET_EVERY, PunctuationType.WALL_CLOCK_TIME, ignored -> forgetOldCommands());
        context.schedule(expiryCheck, PunctuationType.WALL_CLOCK_TIME, ignored -> deleteExpiredSnapshots());
        context.schedule(scheduleCheck, PunctuationType.WALL_CLOCK_TIME, ignored -> takeScheduledSnapshots());
    }

    @Override
    public void process(Record<String, Object> record) {
        world.reset();
        if (record.value() instanceof SideRecord side) {
            side(record.key(), side);
        } else if (record.value() instanceof InboundCommand<?> inbound) {
            command(record.key(), instanceCommand(inbound), Map.of());
        } else {
            LOG.warnf("Skipping a command record without a value (key %s)", record.key());
        }
    }

    /** Handles a command; {@code marks} are counters written with it when it is applied (a schedule's minute). */
    private void command(String key, InboundCommand<InstanceCommand> inbound, Map<String, Long> marks) {
        if (inbound.commandId() != null) {
            Result earlier = handled.get(inbound.commandId());
            if (earlier != null) {
                LOG.debugf("Command %s was handled before; sending its result again", inbound.commandId());
                send(Outcome.resultOutput(earlier));
                return;
            }
        }
        Optional<String> unreadable = unreadable(key, inbound);
        if (unreadable.isPresent()) {
            answerUnreadable(inbound, unreadable.get());
            return;
        }
        Command<InstanceCommand> command = inbound.command();
        if (inFlight(command)) {
            LOG.debugf("Command %s is in flight; its result follows when it is done", command.commandId());
            return;
        }
        Instant now = clock.instant();
        Outcome outcome;
        try {
            outcome = decide(command, now, marks);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Command %s (%s) failed unexpectedly", command.commandId(), command.body());
            outcome = Outcome.answer(Result.failed(command, ErrorCode.INTERNAL,
                    "Internal error while handling the command: " + e, now));
        }
        apply(outcome);
    }

    /** Whether the command was accepted before and waits for another owner (its id is on the instance's pending). */
    private boolean inFlight(Command<InstanceCommand> command) {
        String name = instanceName(command.body());
        if (name == null) {
            return false;
        }
        Instance instance = world.instance(command.body().project(), name).orElse(null);
        return instance != null && instance.pending() != null
                && command.commandId().equals(instance.pending().commandId());
    }

    private static String instanceName(InstanceCommand body) {
        if (SnapshotRules.handles(body)) {
            return SnapshotRules.instanceOf(body);
        } else if (body instanceof CreateInstance create) {
            return create.name();
        } else if (body instanceof RenameInstance rename) {
            return rename.name();
        } else if (body instanceof io.lxbus.events.ReplaceInstance c) {
            return c.name();
        } else if (body instanceof io.lxbus.events.PatchInstance c) {
            return c.name();
        } else if (body instanceof io.lxbus.events.DeleteInstance c) {
            return c.name();
        } else if (body instanceof io.lxbus.events.ChangeInstanceState c) {
            return c.name();
        } else if (body instanceof io.lxbus.events.RecordInstanceAccess c) {
            return c.name();
        }
        return null;
    }

    private Outcome decide(Command<InstanceCommand> command, Instant now, Map<String, Long> marks) {
        String project = command.body().project();
        String revisionKey = "revision/" + project;
        Outcome outcome = new Outcome(counters::get, world.instances::get);
        long revision = outcome.counter(revisionKey) + 1;
        if (instanceName(command.body()) == null) {
            return profileOutcome(command, outcome, revisionKey, revision, now);
        }
        InstanceDecision decision = SnapshotRules.handles(command.body())
                ? snapshotRules.decide(command, world, revision, now)
                : instanceRules.decide(command, world, revision, now);
        if (decision instanceof InstanceDecision.Rejected rejected) {
            return Outcome.answer(Result.failed(command, rejected.code(), rejected.message(), now));
        }
        Applied applied = (Applied) decision;
        world.stage(applied);
        Set<String> touched = new LinkedHashSet<>();
        applied.writes().stream().filter(w -> w.instance() != null).forEach(w -> touched.add(w.name()));
        for (String name : touched) {
            applied = applied.then(react(project, name, revision, now));
        }
        outcome.counter(revisionKey, revision);
        marks.forEach(outcome::counter);
        outcome.instances(applied, revision, now);
        return outcome;
    }

    private Outcome profileOutcome(Command<InstanceCommand> command, Outcome outcome, String revisionKey,
                                   long revision, Instant now) {
        ProfileDecision decision = profileRules.decide(command.body(), world, revision, now);
        if (decision instanceof ProfileDecision.Rejected rejected) {
            return Outcome.answer(Result.failed(command, rejected.code(), rejected.message(), now));
        }
        ProfileDecision.Applied applied = (ProfileDecision.Applied) decision;
        outcome.counter(revisionKey, revision);
        for (ProfileWrite write : applied.writes()) {
            String key = Keys.resource(write.project(), write.name());
            world.stageProfile(key, write.profile());
            outcome.profile(key, write.profile(), write.revision());
        }
        List<InstanceWrite> followers = switch (applied.action()) {
            case io.lxbus.events.Actions.PROFILE_UPDATED -> InstanceRules.followProfile(applied.project(),
                    applied.name(), null, world, world, revision, now);
            case io.lxbus.events.Actions.PROFILE_RENAMED -> InstanceRules.followProfile(applied.project(),
                    (String) applied.context().get("old_name"), applied.name(), world, world, revision, now);
            default -> List.of();
        };
        outcome.instances(new Applied(followers, List.of(), null, List.of()), revision, now);
        outcome.event("profiles", applied.project(), applied.name(), applied.action(), applied.context(),
                command.requestor(), now);
        outcome.result(Result.ok(command, Keys.source("profiles", applied.project(), applied.name()),
                outcome.writes(), Map.of(), now));
        return outcome;
    }

    /** Keeps the local copy of a side record, then lets the instance it is about react to it. */
    private void side(String key, SideRecord side) {
        if (side.problem() != null || key == null) {
            LOG.warnf("Skipping an unreadable %s record (key %s): %s", side.kind(), key, side.problem());
            return;
        }
        if (side.kind() == SideRecord.Kind.FACT) {
            fact((HostFact) side.value());
            return;
        }
        KeyValueStore<String, Object> store = context.getStateStore(side.kind().store);
        String project = Keys.projectOf(key);
        String instance = instanceOf(key, side);
        Instant now = clock.instant();
        Outcome outcome = new Outcome(counters::get, world.instances::get);
        String revisionKey = "revision/" + project;
        long revision = outcome.counter(revisionKey) + 1;
        Applied reaction = Applied.nothing();
        if (side.value() == null) {
            store.delete(key);
        } else {
            store.put(key, side.value());
        }
        if (instance != null) {
            try {
                Optional<String> partner = CopyFreeze.partner(project, instance, world);
                reaction = react(project, instance, revision, now);
                if (partner.isPresent()) {
                    reaction = reaction.then(react(project, partner.get(), revision, now));
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "Reacting to %s record %s failed; the instance stays as it is", side.kind(), key);
            }
        }
        if (!reaction.writes().isEmpty()) {
            outcome.counter(revisionKey, revision);
        }
        outcome.instances(reaction, revision, now);
        apply(outcome);
    }

    /**
     * Turns a host's fact into the instance's lifecycle event (the instance service writes every instance event, so
     * its {@code seq} stays gapless). Only actions hosts may report, about an instance that exists with that uuid.
     */
    private void fact(HostFact fact) {
        if (fact == null || !HOST_ACTIONS.contains(fact.action())) {
            LOG.warnf("Skipping a host fact with an action hosts may not report: %s", fact == null ? null : fact.action());
            return;
        }
        Instance instance = world.instance(fact.project(), fact.name()).orElse(null);
        if (instance == null || !java.util.Objects.equals(instance.uuid(), fact.instanceUuid())) {
            LOG.debugf("Skipping fact %s: instance %s/%s is gone", fact.id(), fact.project(), fact.name());
            return;
        }
        Outcome outcome = new Outcome(counters::get, world.instances::get);
        outcome.event(Outcome.INSTANCES, fact.project(), fact.name(), fact.action(),
                fact.context() == null ? Map.of() : fact.context(), fact.requestor(),
                fact.at() != null ? fact.at() : clock.instant()); // when it happened on the host, not when it got here
        apply(outcome, this::forward);
    }

    /**
     * The instance's reactions to its side records, each step staged for the next: a copy's freeze and snapshots
     * first (a restore's stop and a freeze's acknowledgements are theirs), then the instance, then snapshots again (a
     * copy's snapshots once it is created, the end of a restore once the instance started again) and the copy's
     * freeze again (its source is thawed once the copy is made).
     */
    private Applied react(String project, String name, long revision, Instant now) {
        Applied total = Applied.nothing();
        for (Reaction reaction : REACTIONS) {
            Applied step = reaction.react(project, name, world, revision, now);
            world.stage(step);
            total = total.then(step);
        }
        return total;
    }

    /** One of the domain's level-triggered reactions to an instance's records. */
    @FunctionalInterface
    private interface Reaction {
        Applied react(String project, String name, InstanceWorld world, long revision, Instant now);
    }

    /** The name of the instance a side record is about, or null for records about no instance. */
    private static String instanceOf(String key, SideRecord side) {
        String rest = key.substring(key.indexOf('/') + 1);
        return switch (side.kind()) {
            case IDMAP, RUNTIME -> side.value() instanceof IdMap map ? map.instance()
                    : side.value() instanceof InstanceRuntime runtime ? runtime.name() : rest;
            case VOLUME -> {
                String name = null;
                if (side.value() instanceof Volume volume) {
                    name = "container".equals(volume.type()) || "virtual-machine".equals(volume.type())
                            ? volume.name() : null;
                } else {
                    String[] parts = key.split("/", 4);
                    name = parts.length == 4 && (parts[2].equals("container") || parts[2].equals("virtual-machine"))
                            ? parts[3] : null;
                }
                yield name == null ? null : name.split("/", 2)[0];
            }
            case IMAGE, ALIAS, FACT -> null;
        };
    }

    /** The command source's deserializer reads {@code InstanceCommand}s only. */
    @SuppressWarnings("unchecked")
    private static InboundCommand<InstanceCommand> instanceCommand(InboundCommand<?> inbound) {
        return (InboundCommand<InstanceCommand>) inbound;
    }

    /** Why a record cannot be handled as a command, or empty when it can. */
    private static Optional<String> unreadable(String key, InboundCommand<InstanceCommand> inbound) {
        if (!inbound.readable()) {
            return Optional.of("Cannot read the command: " + inbound.problem());
        }
        Command<InstanceCommand> command = inbound.command();
        if (command.commandId() == null || command.commandId().isEmpty()) {
            return Optional.of("The command has no commandId");
        }
        if (command.body() == null) {
            return Optional.of("The command has no body");
        }
        if (key == null || !key.equals(command.body().project())) {
            return Optional.of("The command's record key \"" + key + "\" must be its project \""
                    + command.body().project() + "\"");
        }
        return Optional.empty();
    }

    private void answerUnreadable(InboundCommand<InstanceCommand> inbound, String why) {
        if (inbound.operationId() == null) {
            LOG.warnf("Skipping a command that cannot be answered (no operationId): %s", why);
            return;
        }
        LOG.warnf("Refusing command %s of operation %s: %s", inbound.commandId(), inbound.operationId(), why);
        Command<InstanceCommand> ids = new Command<>(inbound.commandId(), inbound.operationId(), null, null, null);
        apply(Outcome.answer(Result.failed(ids, ErrorCode.BAD_REQUEST, why, clock.instant())));
    }

    private void apply(Outcome outcome) {
        apply(outcome, this::send);
    }

    private void apply(Outcome outcome, Consumer<Outcome.Output> writer) {
        outcome.apply(world, counters::put, handled::put, writer);
    }

    /** Writes one output and asks for a commit now, so it becomes visible at once (see application.properties). */
    private void send(Outcome.Output output) {
        forward(output);
        context.commit();
    }

    /**
     * Writes one output that nobody waits for (a host's fact turned into its event): it becomes visible with the next
     * commit, at most commit.interval.ms later, so the facts of back-to-back commands share one transaction.
     */
    private void forward(Outcome.Output output) {
        context.forward(new Record<>(output.key(), output.value(), clock.millis(), output.headers()), output.sink());
    }

    /**
     * LXD's pruning of expired snapshots: each one due becomes a {@code DeleteSnapshot} with an internal id (never
     * answered) that takes the same path as a user's delete. One whose instance is busy waits for the next pass.
     */
    private void deleteExpiredSnapshots() {
        Instant now = clock.instant();
        List<io.lxbus.events.Snapshot> due = new ArrayList<>();
        try (KeyValueIterator<String, io.lxbus.events.Snapshot> all = world.snapshots.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value != null && SnapshotExpiry.due(entry.value, now)) {
                    due.add(entry.value);
                }
            });
        }
        for (io.lxbus.events.Snapshot snapshot : due) {
            Command<InstanceCommand> delete = SnapshotExpiry.deletion(snapshot, now);
            world.reset();
            if (inFlight(delete) || snapshotRules.decide(delete, world, 0, now)
                    instanceof InstanceDecision.Rejected) {
                continue;
            }
            LOG.infof("Deleting snapshot %s/%s of project %s: it expired at %s", snapshot.instance(), snapshot.name(),
                    snapshot.project(), snapshot.expiresAt());
            command(snapshot.project(), InboundCommand.of(delete), Map.of());
        }
    }

    /**
     * LXD's scheduled snapshots: each instance of the task whose {@code snapshots.schedule} fires in the minute this
     * check decides for gets a {@code CreateSnapshot} through the usual path. The minute is remembered per instance
     * (counter {@code schedule/<project>/<uuid>}) in the same transaction as the snapshot, so a second check in that
     * minute, or one after a restart, takes nothing more. A busy instance is tried again on the next check.
     */
    private void takeScheduledSnapshots() {
        Instant now = clock.instant();
        java.time.ZonedDateTime minute = SnapshotSchedule.minuteDecidedAt(now, clock.getZone());
        long mark = ScheduledSnapshots.minuteOf(minute);
        List<Instance> all = new ArrayList<>();
        try (KeyValueIterator<String, Instance> instances = world.instances.all()) {
            instances.forEachRemaining(entry -> {
                if (entry.value != null) {
                    all.add(entry.value);
                }
            });
        }
        for (Instance instance : all) {
            Optional<Command<InstanceCommand>> take = ScheduledSnapshots.due(instance, minute, now);
            Long taken = counters.get(ScheduledSnapshots.markKey(instance));
            if (take.isEmpty() || taken != null && taken >= mark) {
                continue;
            }
            world.reset();
            InstanceDecision dry = snapshotRules.decide(take.get(), world, 0, now);
            if (inFlight(take.get()) || dry instanceof InstanceDecision.Rejected) {
                LOG.debugf("Scheduled snapshot of %s/%s waits: %s", instance.project(), instance.name(),
                        dry instanceof InstanceDecision.Rejected r ? r.message() : "in flight");
                continue;
            }
            LOG.infof("Taking the scheduled snapshot of %s (project %s) for %s", instance.name(), instance.project(),
                    minute);
            command(instance.project(), InboundCommand.of(take.get()),
                    Map.of(ScheduledSnapshots.markKey(instance), mark));
        }
    }

    /** Forgets results of commands handled longer ago than the retention; a later repeat is decided afresh. */
    private void forgetOldCommands() {
        Instant cutoff = clock.instant().minus(commandRetention);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Result> all = handled.all()) {
            while (all.hasNext()) {
                KeyValue<String, Result> entry = all.next();
                if (entry.value == null || entry.value.at() == null || entry.value.at().isBefore(cutoff)) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(handled::delete);
        if (!old.isEmpty()) {
            LOG.debugf("Forgot %d handled commands older than %s", old.size(), commandRetention);
        }
    }
}
