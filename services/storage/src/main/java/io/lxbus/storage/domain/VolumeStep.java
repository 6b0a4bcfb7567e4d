package io.lxbus.storage.domain;

import io.lxbus.events.Instance;
import io.lxbus.events.Snapshot;
import io.lxbus.events.Volume;

import java.util.List;

/** One idempotent thing the host must do so its disk and volume records match the instance records. */
public sealed interface VolumeStep {

    /** Unpack the image into the pool once (if needed), clone it for the instance, write its volume record. */
    record CreateRootVolume(Instance instance, String pool, String fingerprint) implements VolumeStep {
    }

    /** The clone finished before a crash: only the volume record is missing. */
    record AdoptRootVolume(Instance instance, String pool, String fingerprint) implements VolumeStep {
    }

    /** The root volume cannot be made: write the volume record with {@code status=Error}. */
    record FailRootVolume(Instance instance, String pool, String fingerprint, String error) implements VolumeStep {
    }

    /** Remove an instance's folder (if any), then tombstone its volume records. */
    record DeleteRootVolume(String pool, String uuid, List<String> volumeKeys) implements VolumeStep {
    }

    /** The instance was renamed: write its volume under the new key, tombstone the old one. */
    record MoveVolumeRecord(String oldKey, Volume moved) implements VolumeStep {
    }

    /**
     * Copy another volume's folder as the new instance's root (a copy of an instance or of a snapshot), then write
     * its volume record.
     *
     * @param from the folder copied: an instance's root ({@code snapshotUuid} null) or a snapshot's
     */
    record CopyRootVolume(Instance instance, String pool, String fingerprint, VolumeRef from) implements VolumeStep {
    }

    /** Copy a snapshot's files back into the instance's root and acknowledge the restore on its root volume. */
    record RestoreRootVolume(Instance instance, Volume root, VolumeRef snapshot) implements VolumeStep {
    }

    /** Copy {@code from} into the snapshot's folder, then write its volume record. */
    record CreateSnapshotVolume(Snapshot snapshot, VolumeRef from) implements VolumeStep {
    }

    /** The snapshot's volume cannot be made: write its record with {@code status=Error}. */
    record FailSnapshotVolume(Snapshot snapshot, String error) implements VolumeStep {
    }

    /** Remove a snapshot's folder (if any), then tombstone its volume records. */
    record DeleteSnapshotVolume(String pool, String instanceUuid, String snapshotUuid, List<String> volumeKeys)
            implements VolumeStep {
    }

    /** Remove every snapshot folder of an instance, then tombstone their volume records. */
    record DeleteInstanceSnapshots(String pool, String instanceUuid, List<String> volumeKeys) implements VolumeStep {
    }

    /**
     * A volume's folder on this host.
     *
     * @param pool         the pool
     * @param instanceUuid the instance's uuid
     * @param snapshotUuid the snapshot's uuid, or null for the instance's root
     */
    record VolumeRef(String pool, String instanceUuid, String snapshotUuid) {
    }

    /** A folder under {@code containers/} that no live instance owns. */
    record RemoveOrphanFolder(String pool, String uuid) implements VolumeStep {
    }

    /** An unpacked image whose image record is gone in every project: remove it, tombstone its records. */
    record RemoveImageCopy(String pool, String fingerprint, List<String> volumeKeys) implements VolumeStep {
    }

    /** Image files no image record names. */
    record RemoveImageFiles(String fingerprint) implements VolumeStep {
    }
}
