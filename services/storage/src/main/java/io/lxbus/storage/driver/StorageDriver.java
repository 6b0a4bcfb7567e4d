package io.lxbus.storage.driver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A storage backend. Every operation is idempotent and crash-safe: a half-done step leaves only
 * temporary names ({@code .tmp-*}, {@code .trash-*}) that {@link #cleanUp} removes.
 */
public interface StorageDriver {

    /** What this driver can do. */
    DriverInfo info();

    /** Makes the pool's folders exist under {@code source}. */
    void createPool(Path source) throws IOException;

    /** Removes what an interrupted step left behind in the pool. */
    void cleanUp(Path source) throws IOException;

    /** Unpacks the image into the pool unless it is there already; returns the image volume's folder. */
    Path ensureImage(Path source, String fingerprint, ImageSource image) throws IOException;

    /** Makes the instance's root volume from the unpacked image; returns its folder. */
    Path cloneImage(Path source, String fingerprint, String uuid) throws IOException;

    /**
     * Makes a spare clone of the unpacked image ready, so that the next {@link #cloneImage} of it only renames a
     * folder. Drivers whose clones are cheap do nothing. Nothing to do when the image is not unpacked.
     */
    default void prepareSpare(Path source, String fingerprint) throws IOException {
    }

    /** The folder of an instance's root volume (whether or not it exists). */
    Path instanceVolume(Path source, String uuid);

    /** Removes an instance's root volume; nothing to remove is fine. */
    void deleteInstanceVolume(Path source, String uuid) throws IOException;

    /** Removes an unpacked image; nothing to remove is fine. */
    void deleteImageVolume(Path source, String fingerprint) throws IOException;

    /** The folder of a snapshot's volume (whether or not it exists). */
    Path snapshotVolume(Path source, String instanceUuid, String snapshotUuid);

    /**
     * Copies a volume's folder ({@code from}: an instance's root or a snapshot) to {@code target} (an instance's root
     * or a snapshot's folder) unless it is there already; returns {@code target}.
     */
    Path copyVolume(Path from, Path target) throws IOException;

    /** Puts the root file system of {@code snapshot} in place of the instance's; a crash leaves only temporary names. */
    void restoreVolume(Path source, String instanceUuid, Path snapshot) throws IOException;

    /** Removes one snapshot's volume; nothing to remove is fine. */
    void deleteSnapshotVolume(Path source, String instanceUuid, String snapshotUuid) throws IOException;

    /** Removes every snapshot volume of an instance; nothing to remove is fine. */
    void deleteInstanceSnapshots(Path source, String instanceUuid) throws IOException;

    /** Per instance uuid, the uuids of its snapshot volumes present. */
    java.util.Map<String, Set<String>> snapshotVolumes(Path source) throws IOException;

    /** The uuids of the instance root volumes present. */
    Set<String> instanceVolumes(Path source) throws IOException;

    /** The fingerprints of the images unpacked in the pool. */
    Set<String> imageVolumes(Path source) throws IOException;
}
