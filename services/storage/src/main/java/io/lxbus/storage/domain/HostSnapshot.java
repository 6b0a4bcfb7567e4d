package io.lxbus.storage.domain;

import io.lxbus.events.Image;
import io.lxbus.events.Instance;
import io.lxbus.events.Snapshot;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Volume;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * What the volume planner compares: the desired state from the topics and what the host's disk holds.
 *
 * @param host            this host's name
 * @param instances       every live instance record (all hosts)
 * @param volumes         this host's volume records by key
 * @param pools           pools by name
 * @param images          image records by {@code <project>/<fingerprint>}
 * @param containerFolders per pool, the instance uuids that have a folder under {@code containers/}
 * @param imageFolders    per pool, the fingerprints unpacked under {@code images/}
 * @param imageFiles      fingerprints with files under {@code ${lxbus.dir}/images}
 * @param importing       fingerprints an import is writing right now (their files are not orphans)
 * @param snapshots       every live snapshot record (all hosts)
 * @param snapshotFolders per pool, per instance uuid, the snapshot uuids that have a folder
 */
public record HostSnapshot(String host, Collection<Instance> instances, Map<String, Volume> volumes,
                           Map<String, StoragePool> pools, Map<String, Image> images,
                           Map<String, Set<String>> containerFolders, Map<String, Set<String>> imageFolders,
                           Set<String> imageFiles, Set<String> importing, Collection<Snapshot> snapshots,
                           Map<String, Map<String, Set<String>>> snapshotFolders) {

    /** A host without snapshots. */
    public HostSnapshot(String host, Collection<Instance> instances, Map<String, Volume> volumes,
                        Map<String, StoragePool> pools, Map<String, Image> images,
                        Map<String, Set<String>> containerFolders, Map<String, Set<String>> imageFolders,
                        Set<String> imageFiles, Set<String> importing) {
        this(host, instances, volumes, pools, images, containerFolders, imageFolders, imageFiles, importing,
                java.util.List.of(), Map.of());
    }
}
