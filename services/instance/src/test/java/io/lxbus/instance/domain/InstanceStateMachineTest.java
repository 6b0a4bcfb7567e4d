package io.lxbus.instance.domain;

import io.lxbus.events.Actions;
import io.lxbus.events.ChangeInstanceState;
import io.lxbus.events.Command;
import io.lxbus.events.CreateInstance;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.ExecutorHost;
import io.lxbus.events.IdMap;
import io.lxbus.events.IdmapLedger;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PowerState;
import io.lxbus.events.Profile;
import io.lxbus.events.Requestor;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Volume;
import io.lxbus.instance.domain.InstanceDecision.Applied;
import io.lxbus.instance.domain.InstanceDecision.Rejected;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The instance state machine as pure functions: given the records and an input, the new record, event and answer. */
class InstanceStateMachineTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Requestor BOB = new Requestor("bob", "unix", "@");
    private static final String FP = "abcdef0123456789";

    /** An in-memory world the tests fill by hand. */
    private static final class World implements InstanceWorld {
        final Map<String, Profile> profiles = new HashMap<>();
        final Map<String, Instance> instances = new HashMap<>();
        final Map<String, Image> images = new HashMap<>();
        final Map<String, IdMap> maps = new HashMap<>();
        final Map<String, Volume> volumes = new HashMap<>();
        final Map<String, InstanceRuntime> runtime = new HashMap<>();
        final Map<String, Creation> creations = new HashMap<>();
        final List<ExecutorHost> hosts = new ArrayList<>();

        public Optional<Profile> find(String project, String name) {
            return Optional.ofNullable(profiles.get(name));
        }

        public Optional<Instance> instance(String project, String name) {
            return Optional.ofNullable(instances.get(name));
        }

        public List<Instance> instances(String project) {
            return List.copyOf(instances.values());
        }

        public List<Image> imagesByPrefix(String project, String prefix) {
            return images.values().stream().filter(i -> i.fingerprint().startsWith(prefix)).toList();
        }

        public Optional<ImageAlias> alias(String project, String name) {
            return Optional.empty();
        }

        public Optional<StoragePool> pool(String name) {
            return "default".equals(name) ? Optional.of(new StoragePool(name, "dir", "", Map.of(), "Created", 1, NOW))
                    : Optional.empty();
        }

        public List<ExecutorHost> hosts() {
            return hosts;
        }

        @Override
        public Optional<io.lxbus.events.SharedIdmap> sharedIdmap() {
            return Optional.empty();
        }

        public Optional<IdMap> idmap(String project, String name) {
            return Optional.ofNullable(maps.get(name));
        }

        public Optional<Volume> volume(String project, String pool, String type, String name) {
            return Optional.ofNullable(volumes.get(name));
        }

        public Optional<InstanceRuntime> runtime(String project, String name) {
            return Optional.ofNullable(runtime.get(name));
        }

        public Optional<Creation> creation(String project, String name) {
            return Optional.ofNullable(creations.get(name));
        }

        void apply(Applied applied) {
            applied.writes().forEach(w -> {
                if (w.instance() == null) {
                    instances.remove(w.name());
                } else {
                    instances.put(w.name(), w.instance());
                }
            });
            applied.creations().forEach(n -> {
                if (n.creation() == null) {
                    creations.remove(n.name());
                } else {
                    creations.put(n.name(), n.creation());
                }
            });
        }
    }

    private final World world = new World();
    private final InstanceRules rules = new InstanceRules(() -> "uuid-1");

    InstanceStateMachineTest() {
        world.profiles.put("default", new Profile("default", "default", "", Map.of("limits.cpu", "1"),
                Map.of("root", Map.of("type", "disk", "path", "/", "pool", "default")), 1, NOW, NOW));
        world.images.put(FP, new Image("default", FP, "container", "f", 1, "x86_64", Map.of("os", "busybox"), false,
                false, List.of(), NOW, NOW, null, 1));
        world.hosts.add(new ExecutorHost("b-host", "unix:/b", "/c", List.of(), List.of(), NOW));
        world.hosts.add(new ExecutorHost("a-host", "unix:/a", "/c", List.of(), List.of(), NOW));
    }

    private InstanceDecision decide(InstanceCommand body) {
        return rules.decide(new Command<>("cmd", "op", BOB, NOW, body), world, 7, NOW);
    }

    private Instance createdStopped() {
        world.apply((Applied) decide(new CreateInstance("default", "c1", null, "", null, Map.of("limits.cpu", "2"),
                Map.of(), false, new InstanceSource("image", FP.substring(0, 6), null), false)));
        world.maps.put("c1", new IdMap("default", "c1", "uuid-1", List.of(), 0, false, null, NOW, null));
        world.volumes.put("c1", new Volume("default", "default", "container", "c1", "filesystem", "", Map.of(),
                "a-host", "/p", "uuid-1", FP, "Created", null, 1, NOW));
        Applied created = InstanceReactions.react("default", "c1", world, 8, NOW);
        world.apply(created);
        return world.instances.get("c1");
    }

    @Test
    void createPlacesOnTheFirstHostByNameAndExpandsProfilesUnderLocalConfig() {
        Applied applied = (Applied) decide(new CreateInstance("default", "c1", null, "", null,
                Map.of("limits.cpu", "2", "user.x", ""), Map.of(), false,
                new InstanceSource("image", FP.substring(0, 6), null), true));
        Instance instance = applied.writes().get(0).instance();
        assertThat(instance.host()).isEqualTo("a-host");
        assertThat(instance.type()).isEqualTo("container");
        assertThat(instance.expandedConfig()).containsEntry("limits.cpu", "2").doesNotContainKey("user.x");
        assertThat(instance.revision()).isEqualTo(7);
        assertThat(instance.config()).containsEntry("volatile.uuid", "uuid-1").containsEntry("image.os", "busybox");
        assertThat(applied.reply()).isNull();
        assertThat(applied.creations()).containsExactly(new InstanceDecision.CreationNote("default", "c1",
                new Creation(true, null)));
    }

    @Test
    void reactionsAreIdempotent() {
        Instance stopped = createdStopped();
        assertThat(stopped.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(stopped.config()).containsEntry("volatile.idmap.next", "[]").containsEntry("volatile.idmap.base",
                "0");
        assertThat(InstanceReactions.react("default", "c1", world, 9, NOW).isEmpty()).isTrue();
    }

    @Test
    void aChangedMapBecomesTheNextOneAndAStartRecordsWhatIsOnDisk() {
        createdStopped();
        List<io.lxbus.events.IdmapEntry> map = List.of(new io.lxbus.events.IdmapEntry(true, false, 100000, 0, 65536),
                new io.lxbus.events.IdmapEntry(false, true, 100000, 0, 65536));
        world.maps.put("c1", new IdMap("default", "c1", "uuid-1", map, 100000, false, null, NOW, null));
        Applied remapped = InstanceReactions.react("default", "c1", world, 9, NOW);
        assertThat(remapped.facts()).isEmpty();
        assertThat(remapped.writes().get(0).instance().config())
                .containsEntry("volatile.idmap.next", VolatileKeys.idmapJson(map))
                .containsEntry("volatile.idmap.base", "100000").containsEntry("volatile.last_state.idmap", "[]");
        world.apply(remapped);
        assertThat(InstanceReactions.react("default", "c1", world, 10, NOW).isEmpty()).isTrue();

        world.apply((Applied) decide(new ChangeInstanceState("default", "c1", "start", false, -1, false)));
        world.runtime.put("c1", new InstanceRuntime("default", "c1", "uuid-1", "a-host", "Running", 5, "op", null,
                "requested", map, NOW, List.of()));
        Instance idmapped = InstanceReactions.react("default", "c1", world, 11, NOW).writes().get(0).instance();
        assertThat(idmapped.config()).containsEntry("volatile.idmap.current", VolatileKeys.idmapJson(map))
                .as("an idmapped root leaves the files unshifted").containsEntry("volatile.last_state.idmap", "[]");
        world.runtime.put("c1", new InstanceRuntime("default", "c1", "uuid-1", "a-host", "Running", 5, "op", null,
                "requested", map, NOW, map));
        Instance chowned = InstanceReactions.react("default", "c1", world, 11, NOW).writes().get(0).instance();
        assertThat(chowned.config()).containsEntry("volatile.last_state.idmap", VolatileKeys.idmapJson(map));
    }

    @Test
    void mappingHostIdsInIsWarnedAboutOnTheEvent() {
        createdStopped();
        Applied plain = (Applied) decide(new io.lxbus.events.PatchInstance("default", "c1", null, null,
                Map.of("limits.cpu", "3"), null, null, null));
        assertThat(plain.facts().get(0).context()).doesNotContainKey(HostUserWarning.KEY);
        world.apply(plain);
        Applied asked = (Applied) decide(new io.lxbus.events.PatchInstance("default", "c1", null, null,
                Map.of("raw.idmap", "both 1000 1000"), null, null, null));
        assertThat(asked.facts()).as("a map key waits for the idmap service").isEmpty();
        world.apply(asked);
        world.maps.put("c1", new IdMap("default", "c1", "uuid-1", List.of(), 0, false, null, NOW, "op"));
        Applied mapped = InstanceReactions.react("default", "c1", world, 9, NOW);
        assertThat(mapped.facts()).extracting(InstanceDecision.Fact::action).containsExactly(Actions.INSTANCE_UPDATED);
        assertThat((String) mapped.facts().get(0).context().get(HostUserWarning.KEY))
                .contains("both 1000 1000").contains("act as those host users");
    }

    @Test
    void anAcknowledgementOfAnotherOperationChangesNothing() {
        createdStopped();
        world.apply((Applied) decide(new ChangeInstanceState("default", "c1", "start", false, -1, false)));
        world.runtime.put("c1", new InstanceRuntime("default", "c1", "uuid-1", "a-host", "Running", 5, "older", null,
                "requested", List.of(), NOW));
        assertThat(InstanceReactions.react("default", "c1", world, 9, NOW).isEmpty()).isTrue();
        world.runtime.put("c1", new InstanceRuntime("default", "c1", "uuid-1", "a-host", "Running", 5, "op", null,
                "requested", List.of(), NOW));
        Applied started = InstanceReactions.react("default", "c1", world, 9, NOW);
        assertThat(started.writes().get(0).instance().status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(started.facts()).extracting(InstanceDecision.Fact::action)
                .containsExactly(Actions.INSTANCE_STARTED);
        assertThat(started.reply().success()).isTrue();
    }

    @Test
    void anEphemeralInstanceIsDeletedAfterItExits() {
        createdStopped();
        world.apply((Applied) decide(new io.lxbus.events.PatchInstance("default", "c1", null, null, null, null, true,
                null)));
        world.apply((Applied) decide(new ChangeInstanceState("default", "c1", "start", false, -1, false)));
        world.runtime.put("c1", new InstanceRuntime("default", "c1", "uuid-1", "a-host", "Running", 5, "op", null,
                "requested", List.of(), NOW));
        world.apply(InstanceReactions.react("default", "c1", world, 9, NOW));
        world.runtime.put("c1", new InstanceRuntime("default", "c1", "uuid-1", "a-host", "Stopped", 0, "op", null,
                "exited", List.of(), NOW));
        Applied exited = InstanceReactions.react("default", "c1", world, 10, NOW);
        assertThat(exited.facts()).extracting(InstanceDecision.Fact::action)
                .containsExactly(Actions.INSTANCE_STOPPED);
        Instance deleting = exited.writes().get(0).instance();
        assertThat(deleting.status()).isEqualTo(InstanceStatus.DELETING);
        assertThat(deleting.pending().operationId()).startsWith(InstanceReactions.INTERNAL);
        assertThat(exited.reply()).isNull();
    }

    @Test
    void stateChangesFollowLxdsRules() {
        createdStopped();
        assertThat(((Rejected) decide(new ChangeInstanceState("default", "c1", "freeze", false, 0, false)))
                .message()).isEqualTo("The instance is not running");
        assertThat(((Rejected) decide(new ChangeInstanceState("default", "c1", "restart", false, 0, false)))
                .message()).isEqualTo("The instance is not running");
        assertThat(((Rejected) decide(new ChangeInstanceState("default", "c1", "jump", false, 0, false)))
                .message()).isEqualTo("Unknown action jump");
        Applied stop = (Applied) decide(new ChangeInstanceState("default", "c1", "start", false, -1, false));
        assertThat(stop.writes().get(0).instance().power()).isEqualTo(PowerState.RUNNING);
        world.apply(stop);
        Rejected busy = (Rejected) decide(new ChangeInstanceState("default", "c1", "stop", false, -1, false));
        assertThat(busy.code()).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void anUpdateCannotDropTheRootDiskOrMoveItsPool() {
        createdStopped();
        Rejected noRoot = (Rejected) decide(new io.lxbus.events.ReplaceInstance("default", "c1", "", List.of(),
                Map.of(), Map.of(), false, null));
        assertThat(noRoot.message()).isEqualTo("No root device could be found");
        Rejected moved = (Rejected) decide(new io.lxbus.events.PatchInstance("default", "c1", null, null, null,
                Map.of("root", Map.of("type", "disk", "path", "/", "pool", "other")), null, null));
        assertThat(moved.message()).contains("is not supported");
    }

    private static final List<io.lxbus.events.IdmapEntry> ISOLATED_MAP = List.of(
            new io.lxbus.events.IdmapEntry(true, false, 1_065_536, 0, 65_536),
            new io.lxbus.events.IdmapEntry(false, true, 1_065_536, 0, 65_536));

    private Applied patchIsolated() {
        return (Applied) decide(new io.lxbus.events.PatchInstance("default", "c1", null, null,
                Map.of("security.idmap.isolated", "true"), null, null, null));
    }

    @Test
    void aChangedMapKeyWaitsForTheIdmapServiceThenFillsTheVolatileKeys() {
        createdStopped();
        Applied asked = patchIsolated();
        Instance waiting = asked.writes().get(0).instance();
        assertThat(waiting.pending().action()).isEqualTo(IdmapLedger.REMAP);
        assertThat(asked.reply()).isNull();
        assertThat(asked.facts()).isEmpty();
        world.apply(asked);
        assertThat(InstanceReactions.react("default", "c1", world, 9, NOW).isEmpty()).isTrue();
        world.maps.put("c1", new IdMap("default", "c1", "uuid-1", ISOLATED_MAP, 1_065_536, true, null, NOW, "op"));
        Applied granted = InstanceReactions.react("default", "c1", world, 9, NOW);
        Instance updated = granted.writes().get(0).instance();
        assertThat(updated.pending()).isNull();
        assertThat(updated.config()).containsEntry("volatile.idmap.base", "1065536")
                .containsEntry("security.idmap.isolated", "true")
                .containsEntry("volatile.idmap.next", VolatileKeys.idmapJson(ISOLATED_MAP));
        assertThat(granted.facts()).extracting(InstanceDecision.Fact::action)
                .containsExactly(Actions.INSTANCE_UPDATED);
        assertThat(granted.reply().success()).isTrue();
        assertThat(granted.creations()).containsExactly(new InstanceDecision.CreationNote("default", "c1", null));
    }

    @Test
    void aRefusedMapPutsTheOldRecordBackAndAnswersWithTheReason() {
        Instance before = createdStopped();
        world.apply(patchIsolated());
        world.maps.put("c1", new IdMap("default", "c1", "uuid-1", List.of(), 0, false, "Not enough uid/gid", NOW,
                "op"));
        Applied refused = InstanceReactions.react("default", "c1", world, 9, NOW);
        Instance undone = refused.writes().get(0).instance();
        assertThat(undone.config()).isEqualTo(before.config());
        assertThat(undone.expandedConfig()).isEqualTo(before.expandedConfig());
        assertThat(undone.pending()).isNull();
        assertThat(refused.facts()).isEmpty();
        assertThat(refused.reply().success()).isFalse();
        assertThat(refused.reply().error()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refused.reply().message()).isEqualTo("Not enough uid/gid");
    }

    @Test
    void aRunningInstanceGetsItsNewMapForTheNextStartAndItsLiveChangesNow() {
        createdStopped();
        world.apply((Applied) decide(new ChangeInstanceState("default", "c1", "start", false, -1, false)));
        world.runtime.put("c1", new InstanceRuntime("default", "c1", "uuid-1", "a-host", "Running", 5, "op", null,
                "requested", List.of(), NOW));
        world.apply(InstanceReactions.react("default", "c1", world, 9, NOW));
        world.apply((Applied) rules.decide(new Command<>("cmd2", "op2", BOB, NOW, new io.lxbus.events.PatchInstance(
                "default", "c1", null, null, Map.of("security.idmap.isolated", "true"), null, null, null)), world, 9,
                NOW));
        world.maps.put("c1", new IdMap("default", "c1", "uuid-1", ISOLATED_MAP, 1_065_536, true, null, NOW, "op2"));
        Applied granted = InstanceReactions.react("default", "c1", world, 10, NOW);
        Instance updating = granted.writes().get(0).instance();
        assertThat(updating.pending().action()).isEqualTo("update");
        assertThat(updating.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(updating.config()).containsEntry("volatile.idmap.next", VolatileKeys.idmapJson(ISOLATED_MAP));
        assertThat(granted.reply()).isNull();
    }

    @Test
    void aMapChangedByAProfileEditIsCopiedIntoTheRecord() {
        createdStopped();
        world.maps.put("c1", new IdMap("default", "c1", "uuid-1", ISOLATED_MAP, 1_065_536, true, null, NOW, null));
        Applied copied = InstanceReactions.react("default", "c1", world, 9, NOW);
        assertThat(copied.writes().get(0).instance().config()).containsEntry("volatile.idmap.base", "1065536");
        assertThat(copied.facts()).isEmpty();
        world.apply(copied);
        assertThat(InstanceReactions.react("default", "c1", world, 10, NOW).isEmpty()).isTrue();
        world.maps.put("c1", new IdMap("default", "c1", "uuid-1", List.of(), 0, false, "refused", NOW, null));
        assertThat(InstanceReactions.react("default", "c1", world, 10, NOW).isEmpty()).isTrue();
    }
}
