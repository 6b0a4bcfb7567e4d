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

    /** The uuids of the instance root volumes present. */
    Set<String> instanceVolumes(Path source) throws IOException;

    /** The fingerprints of the images unpacked in the pool. */
    Set<String> imageVolumes(Path source) throws IOException;
}
