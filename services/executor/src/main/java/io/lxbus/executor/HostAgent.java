package io.lxbus.executor;

import io.lxbus.common.DaemonThreads;
import io.lxbus.events.ExecutorHost;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.executor.domain.ContainerPaths;
import io.lxbus.executor.driver.DriverRegistry;
import io.lxbus.executor.driver.lxc.HostProbe;
import io.lxbus.executor.driver.lxc.LxcDriver;
import io.lxbus.executor.messaging.KafkaClients;
import io.lxbus.executor.messaging.RuntimeWriter;
import io.lxbus.executor.messaging.StateReader;
import io.lxbus.executor.reconcile.Reconciler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The executor of this host, wired at start on a thread of its own: probe the host, read back the runtime records it
 * wrote, register the host, read instance records, reconcile everything once, then keep polling and reconciling.
 * Shutting down stops the loops and leaves containers running.
 */
@ApplicationScoped
public class HostAgent {
    private static final Logger LOG = Logger.getLogger(HostAgent.class);
    private static final JsonSerde<Instance> INSTANCE = JsonSerde.of(Instance.class);
    private static final JsonSerde<InstanceRuntime> RUNTIME = JsonSerde.of(InstanceRuntime.class);

    private final ExecutorSettings settings;
    private final String bootstrap;
    private volatile boolean registered;
    private volatile boolean reconciledOnce;
    private volatile String hostName;
    private volatile Reconciler reconciler;
    private volatile DriverRegistry drivers;
    private volatile ContainerPaths paths;
    private volatile StateReader instances;
    private volatile RuntimeWriter writer;
    private ExecutorService pool;
    private ScheduledExecutorService timers;

    public HostAgent(ExecutorSettings settings, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.settings = settings;
        this.bootstrap = bootstrap;
    }

    void onStart(@Observes StartupEvent event) {
        DaemonThreads.start("lxbus-executor-start", this::startUp);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timers != null) {
            timers.shutdownNow();
        }
        if (instances != null) {
            instances.stop();
        }
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (writer != null) {
            writer.close();
        }
        LOG.info("Executor stopped; containers keep running");
    }

    /** Ready: host registered, first full reconcile done, instance records caught up. */
    public boolean ready() {
        return registered && reconciledOnce && instances != null && instances.caughtUp().isDone()
                && !instances.caughtUp().isCompletedExceptionally();
    }

    /** The host's name. */
    public String hostName() {
        return hostName;
    }

    /** The drivers, once started. */
    public DriverRegistry drivers() {
        return drivers;
    }

    /** Where containers and their logs are, once started. */
    public ContainerPaths paths() {
        return paths;
    }

    /** The instance record placed on this host under that uuid (empty before the records are read). */
    public java.util.Optional<Instance> placed(String uuid) {
        Reconciler loop = reconciler;
        return loop == null ? java.util.Optional.empty() : loop.placed(uuid);
    }

    private void startUp() {
        try {
            hostName = settings.host().filter(h -> !h.isBlank()).orElseGet(HostAgent::machineName);
            Path dir = Path.of(settings.dir());
            paths = new ContainerPaths(dir.resolve("containers"), dir.resolve("logs/containers"));
            Files.createDirectories(paths.lxcPath());
            Files.createDirectories(paths.logs());
            LxcDriver lxc = new LxcDriver(paths, HostProbe.probe());
            drivers = new DriverRegistry().register(lxc);

            String prefix = settings.prefix();
            String runtimeTopic = Topics.named(prefix, Topics.RUNTIME);
            writer = new RuntimeWriter(KafkaClients.producer(bootstrap, "lxbus-executor-" + hostName),
                    runtimeTopic, Topics.named(prefix, Topics.HOSTS));
            pool = Executors.newFixedThreadPool(settings.executor().workers(),
                    DaemonThreads.named("lxbus-executor-work"));
            reconciler = new Reconciler(hostName, drivers, writer, pool);
            reconciler.remember(readRuntimes(runtimeTopic));

            writer.register(new ExecutorHost(hostName, "unix:" + dir.resolve("run/executor.socket"),
                    paths.lxcPath().toString(), List.of(System.getProperty("os.arch").equals("amd64") ? "x86_64"
                    : System.getProperty("os.arch")), drivers.names(), Instant.now()));
            registered = true;
            LOG.infof("Registered host %s", hostName);

            Reconciler loop = reconciler;
            instances = new StateReader(Topics.named(prefix, Topics.INSTANCES),
                    KafkaClients.consumer(bootstrap, "lxbus-executor-" + hostName + "-instances"),
                    record -> loop.onInstance(record.key(), INSTANCE.deserialize(record.topic(), record.value())));
            instances.start();
            instances.caughtUp().join();
            loop.goLive();
            loop.reconcileAll();
            while (!loop.idle()) {
                Thread.sleep(20);
            }
            reconciledOnce = true;
            LOG.info("First full reconcile done");

            timers = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lxbus-executor-timer"));
            long poll = settings.executor().pollInterval().toMillis();
            long full = settings.executor().reconcileInterval().toMillis();
            timers.scheduleWithFixedDelay(loop::pollRunning, poll, poll, TimeUnit.MILLISECONDS);
            timers.scheduleWithFixedDelay(loop::reconcileAll, full, full, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("The executor could not start", e);
        }
    }

    /** Reads the runtime topic to its end once: the records this host wrote, by key. */
    private Map<String, InstanceRuntime> readRuntimes(String topic) {
        Map<String, InstanceRuntime> byKey = new HashMap<>();
        StateReader reader = new StateReader(topic, KafkaClients.consumer(bootstrap, "lxbus-executor-" + hostName
                + "-runtime"), record -> {
            InstanceRuntime runtime = RUNTIME.deserialize(record.topic(), record.value());
            synchronized (byKey) {
                if (runtime == null || !hostName.equals(runtime.host())) {
                    byKey.remove(record.key());
                } else {
                    byKey.put(record.key(), runtime);
                }
            }
        });
        reader.start();
        reader.caughtUp().join();
        reader.stop();
        synchronized (byKey) {
            LOG.infof("Read back %d runtime records of host %s", byKey.size(), hostName);
            return new HashMap<>(byKey);
        }
    }


    private static String machineName() {
        try {
            String name = Files.readString(Path.of("/etc/hostname")).trim();
            return name.isEmpty() ? InetAddress.getLocalHost().getHostName() : name;
        } catch (Exception e) {
            return "localhost";
        }
    }
}
