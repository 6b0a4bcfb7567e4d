package io.lxbus.storage.host;

import io.lxbus.common.DaemonThreads;
import io.lxbus.events.Actions;
import io.lxbus.events.Keys;
import io.lxbus.events.LifecycleData;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Topics;
import io.lxbus.events.Volume;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.storage.StorageSettings;
import io.lxbus.storage.domain.HostSnapshot;
import io.lxbus.storage.domain.VolumePlanner;
import io.lxbus.storage.domain.VolumeStep;
import io.lxbus.storage.driver.DriverRegistry;
import io.lxbus.storage.driver.StorageDriver;
import io.lxbus.storage.messaging.HostView;
import io.lxbus.storage.messaging.LedgerRecord;
import io.lxbus.storage.messaging.StorageLedger;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The host side of storage, level-triggered: reads the desired state ({@link HostView}), makes sure the default
 * pool exists, and after every change (and on a full pass at start and periodically) plans and runs the steps
 * that make this host's folders and volume records agree with the instance records. One thread does it all.
 */
@ApplicationScoped
public class VolumeReconciler {
    private static final Logger LOG = Logger.getLogger(VolumeReconciler.class);
    private static final JsonSerde<StoragePool> POOL_JSON = JsonSerde.of(StoragePool.class);
    private static final JsonSerde<LifecycleEvent> EVENT_JSON = JsonSerde.of(LifecycleEvent.class);

    private static final long STARTED_AT = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();

    @Inject
    StorageSettings settings;
    @Inject
    StorageLedger ledger;
    @Inject
    ImportsInFlight imports;
    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    private final DriverRegistry drivers = DriverRegistry.standard();
    private final VolumePlanner planner = new VolumePlanner();
    private volatile boolean stopping;
    private volatile boolean firstPassDone;
    private volatile boolean defaultPoolReady;
    private Thread worker;

    void onStart(@Observes StartupEvent event) {
        worker = DaemonThreads.start("volume-reconciler", this::loop);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the first full pass has run. */
    public boolean firstPassDone() {
        return firstPassDone;
    }

    /** Whether the default pool's record and folder exist. */
    public boolean defaultPoolReady() {
        return defaultPoolReady;
    }

    private void loop() {
        while (!stopping) {
            try (HostView view = new HostView(bootstrapServers, settings.prefix())) {
                run(view);
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.warnf(e, "The volume reconciler failed; starting it again");
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private void run(HostView view) {
        String host = settings.hostName();
        VolumeWriter writer = new VolumeWriter(ledger, view);
        StepRunner runner = new StepRunner(host, settings.images(), drivers, view, writer);
        Instant nextFull = Instant.EPOCH;
        boolean cleaned = false;
        while (!stopping) {
            boolean changed = view.poll(Duration.ofMillis(100));
            if (!view.caughtUp()) {
                continue;
            }
            ensureDefaultPool(view);
            if (!cleaned) {
                cleanUp(runner, view);
                cleaned = true;
            }
            releaseSeenImports(view);
            boolean full = !changed && Instant.now().isAfter(nextFull);
            if (changed || full) {
                HostSnapshot snapshot = snapshot(view, runner, host);
                List<VolumeStep> steps = planner.plan(snapshot, full);
                if (!steps.isEmpty()) {
                    LOG.debugf("Reconcile (%s): %s", full ? "full" : "changes", steps);
                }
                steps.forEach(runner::run);
                if (full) {
                    nextFull = Instant.now().plus(settings.storage().reconcileInterval());
                    firstPassDone = true;
                }
            }
        }
    }

    private void ensureDefaultPool(HostView view) {
        if (defaultPoolReady) {
            return;
        }
        Path source = settings.pools().resolve(VolumePlanner.DEFAULT_POOL);
        StoragePool existing = view.pools.get(VolumePlanner.DEFAULT_POOL);
        try {
            StorageDriver driver = drivers.driver("dir").orElseThrow();
            driver.createPool(source);
            boolean freeze = driver.info().runningCopyFreeze();
            if (existing != null && existing.freezesRunningCopy() != freeze) {
                StoragePool pool = new StoragePool(existing.name(), existing.driver(), existing.description(),
                        existing.config(), existing.status(), existing.revision() + 1, existing.createdAt(), freeze);
                ledger.commit(List.of(new LedgerRecord(Topics.POOLS, pool.name(), POOL_JSON.serialize(null, pool),
                        header(io.lxbus.events.RecordHeaders.REVISION, Long.toString(pool.revision())), false)));
                view.wrotePool(pool);
                LOG.infof("The default pool's record now carries its driver's runningCopyFreeze=%s", freeze);
            }
            if (existing == null) {
                Instant now = Instant.now();
                StoragePool pool = new StoragePool(VolumePlanner.DEFAULT_POOL, "dir", "",
                        Map.of("source", source.toString()), "Created", 1, now, freeze);
                String eventKey = Keys.apiPath("storage-pools", Keys.DEFAULT_PROJECT, pool.name());
                LifecycleEvent event = LifecycleEvent.of(UUID.randomUUID().toString(), 1, now, Keys.DEFAULT_PROJECT,
                        "none", new LifecycleData(Actions.STORAGE_POOL_CREATED, "/1.0/storage-pools/" + pool.name(),
                                Map.of(), null));
                ledger.commit(List.of(
                        new LedgerRecord(Topics.POOLS, pool.name(), POOL_JSON.serialize(null, pool),
                                header(io.lxbus.events.RecordHeaders.REVISION, "1"), false),
                        new LedgerRecord(Topics.LIFECYCLE, eventKey, EVENT_JSON.serialize(null, event),
                                header(RecordHeaders.CONTENT_TYPE, RecordHeaders.CLOUDEVENTS_JSON), false)));
                view.wrotePool(pool);
                LOG.infof("Created the default storage pool at %s", source);
            }
            defaultPoolReady = true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Cannot create the default pool yet: %s", e.toString());
            sleep(Duration.ofSeconds(1));
        }
    }

    private void cleanUp(StepRunner runner, HostView view) {
        for (String name : view.pools.keySet()) {
            StepRunner.Pool pool = runner.pool(name);
            if (pool == null) {
                continue;
            }
            try {
                pool.driver().createPool(pool.source());
                pool.driver().cleanUp(pool.source());
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Cannot clean up pool %s: %s", name, e.toString());
            }
        }
        try {
            Files.createDirectories(settings.images());
            try (Stream<Path> entries = Files.list(settings.images())) {
                for (Path entry : entries.toList()) {
                    // Dot files are unfinished uploads; only those from before this process started are dead.
                    if (entry.getFileName().toString().startsWith(".")
                            && Files.getLastModifiedTime(entry).toMillis() < STARTED_AT) {
                        Files.deleteIfExists(entry);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warnf("Cannot clean up %s: %s", settings.images(), e.toString());
        }
    }

    private void releaseSeenImports(HostView view) {
        for (String fingerprint : imports.snapshot()) {
            if (view.images.values().stream().anyMatch(i -> fingerprint.equals(i.fingerprint()))) {
                imports.release(fingerprint);
            }
        }
    }

    private HostSnapshot snapshot(HostView view, StepRunner runner, String host) {
        Map<String, Set<String>> containerFolders = new HashMap<>();
        Map<String, Set<String>> imageFolders = new HashMap<>();
        Map<String, Map<String, Set<String>>> snapshotFolders = new HashMap<>();
        for (String name : view.pools.keySet()) {
            StepRunner.Pool pool = runner.pool(name);
            if (pool == null) {
                continue;
            }
            try {
                containerFolders.put(name, pool.driver().instanceVolumes(pool.source()));
                imageFolders.put(name, pool.driver().imageVolumes(pool.source()));
                snapshotFolders.put(name, pool.driver().snapshotVolumes(pool.source()));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Cannot list pool %s: %s", name, e.toString());
            }
        }
        Set<String> imageFiles = new HashSet<>();
        try (Stream<Path> entries = Files.list(settings.images())) {
            entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .map(n -> n.endsWith(".rootfs") ? n.substring(0, n.length() - ".rootfs".length()) : n)
                    .forEach(imageFiles::add);
        } catch (IOException e) {
            LOG.debugf("Cannot list %s: %s", settings.images(), e.toString());
        }
        Map<String, Volume> mine = new HashMap<>();
        view.volumes.forEach((key, volume) -> {
            if (host.equals(volume.host())) {
                mine.put(key, volume);
            }
        });
        return new HostSnapshot(host, List.copyOf(view.instances.values()), mine, Map.copyOf(view.pools),
                Map.copyOf(view.images), containerFolders, imageFolders, imageFiles, imports.snapshot(),
                List.copyOf(view.snapshots.values()), snapshotFolders);
    }

    private static org.apache.kafka.common.header.Headers header(String name, String value) {
        org.apache.kafka.common.header.Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
