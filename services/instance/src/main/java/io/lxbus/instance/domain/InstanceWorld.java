package io.lxbus.instance.domain;

import io.lxbus.events.ExecutorHost;
import io.lxbus.events.IdMap;
import io.lxbus.events.IdmapLedger;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.SharedIdmap;
import io.lxbus.events.Snapshot;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Volume;

import java.util.List;
import java.util.Optional;

/**
 * What the instance rules may read: the project's records (instances, profiles and the side records other owners
 * write about them) and the cluster-wide pools and hosts.
 */
public interface InstanceWorld extends ProfileLookup {

    /** The instance, or empty. */
    Optional<Instance> instance(String project, String name);

    /** Every instance of the project. */
    List<Instance> instances(String project);

    /** The images of the project whose fingerprint starts with {@code prefix} (a full fingerprint included). */
    List<Image> imagesByPrefix(String project, String prefix);

    /** The image alias, or empty. */
    Optional<ImageAlias> alias(String project, String name);

    /** The storage pool, or empty. */
    Optional<StoragePool> pool(String name);

    /** Every registered host. */
    List<ExecutorHost> hosts();

    /** The id map the idmap service gives every instance that {@link IdmapLedger#sharesMap shares it}, or empty. */
    Optional<SharedIdmap> sharedIdmap();

    /** The id map written for the instance name, or empty. */
    Optional<IdMap> idmap(String project, String name);

    /** The volume, or empty. */
    Optional<Volume> volume(String project, String pool, String type, String name);

    /** The runtime record of the instance name, or empty. */
    Optional<InstanceRuntime> runtime(String project, String name);

    /** Creation notes kept while an instance is being created. */
    Optional<Creation> creation(String project, String name);

    /** The snapshots of an instance, by name. */
    default List<Snapshot> snapshots(String project, String instance) {
        return List.of();
    }

    /** One snapshot of an instance, or empty. */
    default Optional<Snapshot> snapshot(String project, String instance, String name) {
        return snapshots(project, instance).stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The snapshot volumes (type {@code container}, name {@code <instance>/<snapshot>}) of the project in a pool. */
    default List<Volume> snapshotVolumes(String project, String pool) {
        return List.of();
    }

    /** The restore note of an instance, or empty. */
    default Optional<Restoration> restoration(String project, String name) {
        return Optional.empty();
    }
}
