package io.lxbus.storage.driver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** A base whose operations all say "not supported", so a new driver implements only what it can do. */
public abstract class UnsupportedDriver implements StorageDriver {

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("Storage driver \"" + info().name() + "\" does not support " + what);
    }

    @Override
    public void createPool(Path source) throws IOException {
        throw unsupported("creating pools");
    }

    @Override
    public void cleanUp(Path source) throws IOException {
    }

    @Override
    public Path ensureImage(Path source, String fingerprint, ImageSource image) throws IOException {
        throw unsupported("image volumes");
    }

    @Override
    public Path cloneImage(Path source, String fingerprint, String uuid) throws IOException {
        throw unsupported("instance volumes");
    }

    @Override
    public Path instanceVolume(Path source, String uuid) {
        throw unsupported("instance volumes");
    }

    @Override
    public void deleteInstanceVolume(Path source, String uuid) throws IOException {
        throw unsupported("instance volumes");
    }

    @Override
    public void deleteImageVolume(Path source, String fingerprint) throws IOException {
        throw unsupported("image volumes");
    }

    @Override
    public Path snapshotVolume(Path source, String instanceUuid, String snapshotUuid) {
        throw unsupported("snapshots");
    }

    @Override
    public Path copyVolume(Path from, Path target) throws IOException {
        throw unsupported("copying volumes");
    }

    @Override
    public void restoreVolume(Path source, String instanceUuid, Path snapshot) throws IOException {
        throw unsupported("restoring snapshots");
    }

    @Override
    public void deleteSnapshotVolume(Path source, String instanceUuid, String snapshotUuid) throws IOException {
        throw unsupported("snapshots");
    }

    @Override
    public void deleteInstanceSnapshots(Path source, String instanceUuid) throws IOException {
        throw unsupported("snapshots");
    }

    @Override
    public java.util.Map<String, Set<String>> snapshotVolumes(Path source) throws IOException {
        return java.util.Map.of();
    }

    @Override
    public Set<String> instanceVolumes(Path source) throws IOException {
        return Set.of();
    }

    @Override
    public Set<String> imageVolumes(Path source) throws IOException {
        return Set.of();
    }
}
