package io.lxbus.storage.domain;

import io.lxbus.events.Instance;
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
