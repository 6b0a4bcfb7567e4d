package io.lxbus.executor.reconcile;

import io.lxbus.events.IdmapEntry;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.Keys;
import io.lxbus.events.PendingAction;
import io.lxbus.executor.domain.LxcConfig;
import io.lxbus.executor.domain.Observed;
import io.lxbus.executor.domain.ReconcilePlan;
import io.lxbus.executor.domain.RuntimeStatus;
import io.lxbus.executor.domain.Step;
import io.lxbus.executor.driver.DriverException;
import io.lxbus.executor.driver.DriverRegistry;
import io.lxbus.executor.driver.InstanceDriver;
import io.lxbus.executor.messaging.RuntimeWriter;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The level-triggered loop of one host: for each container (by uuid) it compares the instance record, the runtime
 * record it last wrote and what the host has, and takes the one next step ({@link ReconcilePlan}). Work on a uuid is
 * serialized by {@link Lanes}; different uuids proceed in parallel.
 */
public final class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final String host;
    private final DriverRegistry drivers;
    private final RuntimeWriter writer;
    private final Lanes lanes;
    private final Map<String, Instance> desired = new ConcurrentHashMap<>();
    private final Map<String, String> uuidByKey = new ConcurrentHashMap<>();
    private final Map<String, InstanceRuntime> written = new ConcurrentHashMap<>();
    private volatile boolean live;

    public Reconciler(String host, DriverRegistry drivers, RuntimeWriter writer, ExecutorService pool) {
        this.host = host;
        this.drivers = drivers;
        this.writer = writer;
        this.lanes = new Lanes(pool, this::reconcile);
    }

    /** Seeds the runtime records this host wrote before (read back from the runtime topic at start). */
    public void remember(Map<String, InstanceRuntime> runtimes) {
        runtimes.values().forEach(runtime -> written.put(runtime.instanceUuid(), runtime));
    }

    /** An instance record (or tombstone) from the instances topic. */
    public void onInstance(String key, Instance instance) {
        if (instance == null || !host.equals(instance.host()) || instance.uuid() == null) {
            String uuid = uuidByKey.remove(key);
            if (uuid != null) {
                Instance current = desired.get(uuid);
                if (current != null && Keys.resource(current.project(), current.name()).equals(key)) {
                    desired.remove(uuid);
                }
                kick(uuid);
            }
            return;
        }
        String previous = uuidByKey.put(key, instance.uuid());
        if (previous != null && !previous.equals(instance.uuid())) {
            desired.remove(previous);
            kick(previous);
        }
        desired.put(instance.uuid(), instance);
        kick(instance.uuid());
    }

    /** The instance record placed on this host under that uuid, if any. */
    public java.util.Optional<Instance> placed(String uuid) {
        return java.util.Optional.ofNullable(desired.get(uuid));
    }

    /** Starts acting on records (called once the instances topic is caught up). */
    public void goLive() {
        live = true;
    }

    /** Every container the host or the records know of, once. */
    public void reconcileAll() {
        Set<String> uuids = new TreeSet<>(desired.keySet());
        uuids.addAll(written.keySet());
        for (InstanceDriver driver : drivers.all()) {
            uuids.addAll(driver.list());
        }
        uuids.forEach(lanes::kick);
    }

    /** Containers the last records say run: checked for having stopped on their own. */
    public void pollRunning() {
        written.forEach((uuid, runtime) -> {
            RuntimeStatus status = RuntimeStatus.fromText(runtime.status());
            if (status != null && status.alive()) {
                lanes.kick(uuid);
            }
        });
    }

    /** Whether no reconcile is running or waiting. */
    public boolean idle() {
        return lanes.idle();
    }

    /** The last runtime record written for a uuid, if any. */
    public InstanceRuntime runtime(String uuid) {
        return written.get(uuid);
    }

    private void kick(String uuid) {
        if (live) {
            lanes.kick(uuid);
        }
    }

    /** One container, one step. */
    void reconcile(String uuid) {
        Instance instance = desired.get(uuid);
        InstanceRuntime last = written.get(uuid);
        InstanceDriver driver = drivers.forType(instance == null ? null : instance.type());
        Observed observed = driver.observe(uuid);
        Step step = ReconcilePlan.next(instance, last, observed);
        if (instance != null && last != null && !last.name().equals(instance.name())) {
            writer.tombstone(last.project(), last.name());
            last = record(new InstanceRuntime(instance.project(), instance.name(), uuid, host, last.status(),
                    last.pid(), last.lastOperationId(), last.lastError(), last.reason(), last.idmap(), last.since(), last.diskIdmap()));
        }
        if (step instanceof Step.Destroy destroy) {
            LOG.infof("Destroying container %s (no instance record, or being deleted)", uuid);
            driver.destroy(uuid);
            if (destroy.tombstone() && last != null) {
                writer.tombstone(last.project(), last.name());
            }
            written.remove(uuid);
        } else if (step instanceof Step.Report report) {
            LOG.infof("Container %s of %s/%s is %s (%s)", uuid, instance.project(), instance.name(),
                    report.status().text(), report.reason());
            record(runtime(instance, last, report.status(), report.pid(),
                    last == null ? null : last.lastOperationId(), last == null ? null : last.lastError(),
                    report.reason()));
        } else if (step instanceof Step.Perform perform) {
            perform(driver, instance, last, perform.action());
        }
    }

    private void perform(InstanceDriver driver, Instance instance, InstanceRuntime last, PendingAction action) {
        String uuid = instance.uuid();
        String error = null;
        long started = System.nanoTime();
        try {
            switch (action.action()) {
                case "start" -> driver.start(instance);
                case "stop" -> driver.stop(uuid, action.force(), action.timeoutSeconds());
                case "restart" -> {
                    driver.stop(uuid, action.force(), action.timeoutSeconds());
                    driver.start(instance);
                }
                case "freeze" -> driver.freeze(uuid);
                case "unfreeze" -> driver.unfreeze(uuid);
                case "update" -> {
                    driver.applyLimits(instance);
                    driver.applyDevices(instance);
                }
                default -> throw new DriverException("Unknown action " + action.action());
            }
        } catch (DriverException e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s of %s failed", action.action(), uuid);
            error = "Failed to " + action.action() + " instance: " + e.getMessage();
        }
        Observed after = driver.observe(uuid);
        LOG.infof("%s %s/%s (%s): %s in %d ms%s", action.action(), instance.project(), instance.name(), uuid,
                after.status().text(), (System.nanoTime() - started) / 1_000_000, error == null ? "" : ": " + error);
        record(runtime(instance, last, after.status(), after.pid(), action.operationId(), error,
                ReconcilePlan.REQUESTED));
    }

    private InstanceRuntime runtime(Instance instance, InstanceRuntime last, RuntimeStatus status, long pid,
                                    String operationId, String error, String reason) {
        List<IdmapEntry> idmap;
        try {
            idmap = LxcConfig.idmap(instance);
        } catch (IllegalArgumentException e) {
            idmap = last == null ? List.of() : last.idmap();
        }
        Instant since = last != null && Objects.equals(last.status(), status.text()) ? last.since() : Instant.now();
        return new InstanceRuntime(instance.project(), instance.name(), instance.uuid(), host, status.text(),
                status.alive() ? pid : 0, operationId, error, reason, idmap, since, driver(instance).diskIdmap(instance));
    }

    private InstanceDriver driver(Instance instance) {
        return drivers.forType(instance.type());
    }

    private InstanceRuntime record(InstanceRuntime runtime) {
        writer.write(runtime);
        written.put(runtime.instanceUuid(), runtime);
        return runtime;
    }
}
