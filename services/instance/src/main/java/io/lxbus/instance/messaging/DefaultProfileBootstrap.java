package io.lxbus.instance.messaging;

import io.lxbus.common.DaemonThreads;
import io.lxbus.events.Command;
import io.lxbus.events.CreateProfile;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.Keys;
import io.lxbus.events.PatchProfile;
import io.lxbus.events.Profile;
import io.lxbus.events.Requestor;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.instance.InstanceSettings;
import io.lxbus.instance.domain.ProfileExpansion;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the {@code default} profile exists with a root disk (what {@code lxd init} does): once Streams runs,
 * sends a {@link CreateProfile} with the root disk and a fixed command id; if {@code default} already existed
 * without a root disk, sends one {@link PatchProfile} with another fixed id that adds it. Idempotent by design: a
 * repeat is answered from the handled-commands store, and after that store has forgotten it the existing profile
 * makes the create a harmless CONFLICT and the patch a no-op change.
 */
@ApplicationScoped
public class DefaultProfileBootstrap {
    /** The fixed command id (and operation id) of the bootstrap create in the default project. */
    public static final String COMMAND_ID = "bootstrap:default-profile:" + Keys.DEFAULT_PROJECT;
    /** The fixed command id (and operation id) of the patch that adds the root disk to an older default profile. */
    public static final String ROOT_DISK_COMMAND_ID = "bootstrap:default-profile-root:" + Keys.DEFAULT_PROJECT;
    /** The root disk device of the default profile. */
    public static final Map<String, Map<String, String>> ROOT_DISK = Map.of("root",
            Map.of("path", "/", "pool", "default", "type", "disk"));
    private static final Logger LOG = Logger.getLogger(DefaultProfileBootstrap.class);

    @Inject
    InstanceSettings settings;
    @Inject
    KafkaStreams streams;
    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    private volatile boolean stopping;
    private Thread worker;

    void onStart(@Observes StartupEvent event) {
        if (!settings.instance().bootstrapDefaultProfile()) {
            return;
        }
        worker = DaemonThreads.start("default-profile-bootstrap", this::ensureDefaultProfile);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** The command the bootstrap sends. */
    public static Command<InstanceCommand> command(Instant now) {
        return new Command<>(COMMAND_ID, COMMAND_ID, Requestor.kafka("lxbus-instance"), now,
                new CreateProfile(Keys.DEFAULT_PROJECT, "default", "Default lxbus profile", Map.of(), ROOT_DISK));
    }

    /** The command that adds the root disk to a default profile that has none. */
    public static Command<InstanceCommand> rootDiskCommand(Instant now) {
        return new Command<>(ROOT_DISK_COMMAND_ID, ROOT_DISK_COMMAND_ID, Requestor.kafka("lxbus-instance"), now,
                new PatchProfile(Keys.DEFAULT_PROJECT, "default", null, null, ROOT_DISK, null));
    }

    /** Whether the profile has a disk mounted at {@code /}. */
    static boolean hasRootDisk(Profile profile) {
        return profile.devices() != null && ProfileExpansion.rootDisk(profile.devices()).isPresent();
    }

    /** The default profile once this replica's store holds it (null if it did not appear within a minute). */
    private Profile awaitDefaultProfile() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!stopping && System.nanoTime() < deadline) {
            try {
                Profile profile = streams.store(StoreQueryParameters.fromNameAndType(StoreNames.PROFILES,
                        QueryableStoreTypes.<String, Profile>keyValueStore()))
                        .get(Keys.resource(Keys.DEFAULT_PROJECT, "default"));
                if (profile != null) {
                    return profile;
                }
            } catch (InvalidStateStoreException e) {
                LOG.debugf("Profiles store not queryable yet: %s", e.getMessage());
            }
            Thread.sleep(50);
        }
        return null;
    }

    private void ensureDefaultProfile() {
        try {
            while (!stopping && streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(50);
            }
            Map<String, Object> config = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    "allow.auto.create.topics", false,
                    ProducerConfig.LINGER_MS_CONFIG, 0);
            try (KafkaProducer<String, Command<InstanceCommand>> producer = new KafkaProducer<>(config,
                    new StringSerializer(), JsonSerde.of(new com.fasterxml.jackson.core.type.TypeReference<
                            Command<InstanceCommand>>() { }))) {
                while (!stopping) {
                    try {
                        producer.send(new ProducerRecord<>(Topics.named(settings.prefix(), Topics.INSTANCE_COMMANDS),
                                Keys.DEFAULT_PROJECT, command(Instant.now()))).get(30, TimeUnit.SECONDS);
                        LOG.info("Asked for the default profile (command " + COMMAND_ID + ")");
                        Profile stored = awaitDefaultProfile();
                        if (stored != null && !hasRootDisk(stored)) {
                            producer.send(new ProducerRecord<>(Topics.named(settings.prefix(),
                                    Topics.INSTANCE_COMMANDS), Keys.DEFAULT_PROJECT, rootDiskCommand(Instant.now())))
                                    .get(30, TimeUnit.SECONDS);
                            LOG.info("Asked for a root disk on the default profile (command " + ROOT_DISK_COMMAND_ID
                                    + ")");
                        }
                        return;
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        LOG.warnf("Could not send the default profile command yet (%s); retrying", e.toString());
                        Thread.sleep(1000);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
