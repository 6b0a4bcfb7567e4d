package io.lxbus.storage.host;

import io.lxbus.common.DaemonThreads;
import io.lxbus.events.Instance;
import io.lxbus.events.Keys;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Volume;
import io.lxbus.storage.domain.VolumePlanner;
import io.lxbus.storage.domain.VolumeStep;
import io.lxbus.events.Snapshot;
import io.lxbus.storage.domain.VolumeStep.AdoptRootVolume;
import io.lxbus.storage.domain.VolumeStep.CopyRootVolume;
import io.lxbus.storage.domain.VolumeStep.CreateSnapshotVolume;
import io.lxbus.storage.domain.VolumeStep.DeleteInstanceSnapshots;
import io.lxbus.storage.domain.VolumeStep.DeleteSnapshotVolume;
import io.lxbus.storage.domain.VolumeStep.FailSnapshotVolume;
import io.lxbus.storage.domain.VolumeStep.RestoreRootVolume;
import io.lxbus.storage.domain.VolumeStep.VolumeRef;
import io.lxbus.storage.domain.VolumeStep.CreateRootVolume;
import io.lxbus.storage.domain.VolumeStep.DeleteRootVolume;
import io.lxbus.storage.domain.VolumeStep.FailRootVolume;
import io.lxbus.storage.domain.VolumeStep.MoveVolumeRecord;
import io.lxbus.storage.domain.VolumeStep.RemoveImageCopy;
import io.lxbus.storage.domain.VolumeStep.RemoveImageFiles;
import io.lxbus.storage.domain.VolumeStep.RemoveOrphanFolder;
import io.lxbus.storage.driver.DriverRegistry;
import io.lxbus.storage.driver.ImageSource;
import io.lxbus.storage.driver.StorageDriver;
import io.lxbus.storage.messaging.HostView;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Carries out one planned step on this host: files through the pool's driver, then the records. */
final class StepRunner {
    private static final Logger LOG = Logger.getLogger(StepRunner.class);

    private final String host;
    private final Path imagesDir;
    private final DriverRegistry drivers;
    private final HostView view;
    private final VolumeWriter writer;
    /** Copies spare clones off the critical path, one at a time. */
    private final ExecutorService spares = Executors.newSingleThreadExecutor(DaemonThreads.named("spare-clones"));

    StepRunner(String host, Path imagesDir, DriverRegistry drivers, HostView view, VolumeWriter writer) {
        this.host = host;
        this.imagesDir = imagesDir;
        this.drivers = drivers;
        this.view = view;
        this.writer = writer;
    }

    /** Runs the step; a failure is logged and left for the next pass (or recorded on the volume when final). */
    void run(VolumeStep step) {
        try {
            if (step instanceof CreateRootVolume s) {
                create(s);
            } else if (step instanceof AdoptRootVolume s) {
                writer.put(rootVolume(s.instance(), s.pool(), s.fingerprint(), VolumePlanner.CREATED, null)).commit();
            } else if (step instanceof FailRootVolume s) {
                writer.put(rootVolume(s.instance(), s.pool(), s.fingerprint(), VolumePlanner.ERROR, s.error())).commit();
            } else if (step instanceof DeleteRootVolume s) {
                deleteFolder(s.pool(), s.uuid());
                s.volumeKeys().forEach(writer::delete);
                writer.commit();
            } else if (step instanceof MoveVolumeRecord s) {
                writer.put(s.moved()).delete(s.oldKey()).commit();
            } else if (step instanceof CopyRootVolume s) {
                copyRoot(s);
            } else if (step instanceof RestoreRootVolume s) {
                restore(s);
            } else if (step instanceof CreateSnapshotVolume s) {
                snapshot(s);
            } else if (step instanceof FailSnapshotVolume s) {
                writer.put(snapshotVolume(s.snapshot(), VolumePlanner.ERROR, s.error())).commit();
            } else if (step instanceof DeleteSnapshotVolume s) {
                removeThenForget(s.pool(), (driver, source) -> driver.deleteSnapshotVolume(source, s.instanceUuid(),
                        s.snapshotUuid()), s.volumeKeys());
            } else if (step instanceof DeleteInstanceSnapshots s) {
                removeThenForget(s.pool(), (driver, source) -> driver.deleteInstanceSnapshots(source,
                        s.instanceUuid()), s.volumeKeys());
            } else if (step instanceof RemoveOrphanFolder s) {
                LOG.infof("Removing %s/containers/%s: no instance on this host owns it", s.pool(), s.uuid());
                deleteFolder(s.pool(), s.uuid());
            } else if (step instanceof RemoveImageCopy s) {
                removeThenForget(s.pool(), (driver, source) -> driver.deleteImageVolume(source, s.fingerprint()),
                        s.volumeKeys());
            } else if (step instanceof RemoveImageFiles s) {
                Files.deleteIfExists(imagesDir.resolve(s.fingerprint()));
                Files.deleteIfExists(imagesDir.resolve(s.fingerprint() + ".rootfs"));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Step %s failed; it is tried again on the next pass", step.getClass().getSimpleName());
        }
    }

    private void create(CreateRootVolume s) {
        Pool pool = pool(s.pool());
        if (pool == null) {
            writer.put(rootVolume(s.instance(), s.pool(), s.fingerprint(), VolumePlanner.ERROR,
                    "Storage pool \"" + s.pool() + "\" has no usable driver on host " + host)).commit();
            return;
        }
        Path main = imagesDir.resolve(s.fingerprint());
        Path rootfs = imagesDir.resolve(s.fingerprint() + ".rootfs");
        long started = System.nanoTime();
        try {
            if (!Files.isRegularFile(main)) {
                throw new IOException("The files of image " + s.fingerprint() + " are missing on host " + host);
            }
            Path unpacked = pool.driver.ensureImage(pool.source, s.fingerprint(),
                    new ImageSource(main, Files.isRegularFile(rootfs) ? rootfs : null));
            long unpackedAt = System.nanoTime();
            String imageKey = Keys.volume(s.instance().project(), s.pool(), VolumePlanner.IMAGE, s.fingerprint());
            if (!view.volumes.containsKey(imageKey)) {
                writer.put(new Volume(s.instance().project(), s.pool(), VolumePlanner.IMAGE, s.fingerprint(),
                        "filesystem", "", Map.of(), host, unpacked.toString(), null, s.fingerprint(),
                        VolumePlanner.CREATED, null, 0, Instant.now()));
            }
            pool.driver.cloneImage(pool.source, s.fingerprint(), s.instance().uuid());
            writer.put(rootVolume(s.instance(), s.pool(), s.fingerprint(), VolumePlanner.CREATED, null)).commit();
            LOG.infof("Root volume of %s/%s ready: image %.1f ms, clone %.1f ms", s.instance().project(),
                    s.instance().name(), (unpackedAt - started) / 1e6, (System.nanoTime() - unpackedAt) / 1e6);
            spares.execute(() -> prepareSpare(pool, s.fingerprint()));
        } catch (IOException e) {
            LOG.warnf("Cannot make the root volume of %s/%s: %s", s.instance().project(), s.instance().name(),
                    e.getMessage());
            writer.put(rootVolume(s.instance(), s.pool(), s.fingerprint(), VolumePlanner.ERROR,
                    "Failed creating the root volume: " + e.getMessage())).commit();
        }
    }

    private static void prepareSpare(Pool pool, String fingerprint) {
        try {
            pool.driver.prepareSpare(pool.source, fingerprint);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("No spare clone of %s: %s", fingerprint, e.getMessage());
        }
    }

    /** Removes files through the pool's driver (when the pool is known here), then tombstones the records. */
    private void removeThenForget(String poolName, FolderRemoval removal, java.util.List<String> keys)
            throws IOException {
        Pool pool = pool(poolName);
        if (pool != null) {
            removal.remove(pool.driver, pool.source);
        }
        keys.forEach(writer::delete);
        writer.commit();
    }

    /** One removal of files in a pool. */
    @FunctionalInterface
    private interface FolderRemoval {
        void remove(StorageDriver driver, Path source) throws IOException;
    }

    /** The folder a reference names, or null when its pool is unknown here. */
    private Path folder(VolumeRef ref) {
        Pool pool = ref == null ? null : pool(ref.pool());
        if (pool == null) {
            return null;
        }
        return ref.snapshotUuid() == null ? pool.driver.instanceVolume(pool.source, ref.instanceUuid())
                : pool.driver.snapshotVolume(pool.source, ref.instanceUuid(), ref.snapshotUuid());
    }

    private void copyRoot(CopyRootVolume s) {
        Pool pool = pool(s.pool());
        Path from = folder(s.from());
        long started = System.nanoTime();
        try {
            if (pool == null || from == null) {
                throw new IOException("Storage pool \"" + s.pool() + "\" has no usable driver on host " + host);
            }
            pool.driver.copyVolume(from, pool.driver.instanceVolume(pool.source, s.instance().uuid()));
            writer.put(rootVolume(s.instance(), s.pool(), s.fingerprint(), VolumePlanner.CREATED, null)).commit();
            LOG.infof("Root volume of %s/%s copied in %.1f ms", s.instance().project(), s.instance().name(),
                    (System.nanoTime() - started) / 1e6);
        } catch (IOException e) {
            writer.put(rootVolume(s.instance(), s.pool(), s.fingerprint(), VolumePlanner.ERROR,
                    "Failed copying the root volume: " + e.getMessage())).commit();
        }
    }

    private void restore(RestoreRootVolume s) {
        Pool pool = pool(s.root().pool());
        Path from = folder(s.snapshot());
        String error = null;
        long started = System.nanoTime();
        try {
            if (pool == null || from == null) {
                throw new IOException("The snapshot's volume is not on host " + host);
            }
            pool.driver.restoreVolume(pool.source, s.instance().uuid(), from);
            LOG.infof("Restored %s/%s from a snapshot in %.1f ms", s.instance().project(), s.instance().name(),
                    (System.nanoTime() - started) / 1e6);
        } catch (IOException e) {
            error = "Failed restoring the snapshot: " + e.getMessage();
        }
        Volume r = s.root();
        writer.put(new Volume(r.project(), r.pool(), r.type(), r.name(), r.contentType(), r.description(), r.config(),
                r.host(), r.path(), r.instanceUuid(), r.sourceImage(), r.status(), error, r.revision(), r.createdAt(),
                r.snapshotUuid(), s.instance().pending().operationId())).commit();
    }

    private void snapshot(CreateSnapshotVolume s) {
        Snapshot snapshot = s.snapshot();
        Pool pool = pool(snapshot.pool());
        Path from = folder(s.from());
        long started = System.nanoTime();
        try {
            if (pool == null || from == null) {
                throw new IOException("Storage pool \"" + snapshot.pool() + "\" has no usable driver on host " + host);
            }
            pool.driver.copyVolume(from, pool.driver.snapshotVolume(pool.source, snapshot.instanceUuid(),
                    snapshot.uuid()));
            writer.put(snapshotVolume(snapshot, VolumePlanner.CREATED, null)).commit();
            LOG.infof("Snapshot %s/%s copied in %.1f ms", snapshot.project(), snapshot.fullName(),
                    (System.nanoTime() - started) / 1e6);
        } catch (IOException e) {
            LOG.warnf("Cannot make snapshot %s/%s: %s", snapshot.project(), snapshot.fullName(), e.getMessage());
            writer.put(snapshotVolume(snapshot, VolumePlanner.ERROR, "Failed copying the snapshot: "
                    + e.getMessage())).commit();
        }
    }

    private Volume snapshotVolume(Snapshot snapshot, String status, String error) {
        Pool pool = pool(snapshot.pool());
        String path = pool == null || error != null ? null
                : pool.driver.snapshotVolume(pool.source, snapshot.instanceUuid(), snapshot.uuid()).toString();
        String image = snapshot.config() == null ? null : snapshot.config().get("volatile.base_image");
        return new Volume(snapshot.project(), snapshot.pool(), VolumePlanner.CONTAINER, snapshot.fullName(),
                "filesystem", "", Map.of(), host, path, snapshot.instanceUuid(), image, status, error, 0,
                Instant.now(), snapshot.uuid(), null);
    }

    private Volume rootVolume(Instance instance, String poolName, String fingerprint, String status, String error) {
        Pool pool = pool(poolName);
        String path = pool == null || error != null ? null
                : pool.driver.instanceVolume(pool.source, instance.uuid()).toString();
        return new Volume(instance.project(), poolName, VolumePlanner.CONTAINER, instance.name(), "filesystem", "",
                Map.of(), host, path, instance.uuid(), fingerprint, status, error, 0, Instant.now());
    }

    private void deleteFolder(String poolName, String uuid) throws IOException {
        Pool pool = pool(poolName);
        if (pool != null) {
            pool.driver.deleteInstanceVolume(pool.source, uuid);
        }
    }

    /** The pool's driver and folder, or null when the pool or its driver is unknown here. */
    Pool pool(String name) {
        StoragePool record = view.pools.get(name);
        if (record == null) {
            return null;
        }
        String source = record.config() == null ? null : record.config().get("source");
        return drivers.driver(record.driver())
                .map(d -> new Pool(d, Path.of(source == null || source.isEmpty() ? "/nonexistent" : source)))
                .orElse(null);
    }

    /** A pool's driver and folder. */
    record Pool(StorageDriver driver, Path source) {
    }
}
