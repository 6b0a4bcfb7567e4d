package io.lxbus.storage.messaging;

import io.lxbus.events.Topics;
import io.lxbus.events.wire.ProjectPartitioner;
import io.lxbus.storage.StorageSettings;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage service's writer outside Kafka Streams (imports, pools, volumes): each call is one Kafka
 * transaction, so a record and its lifecycle event become visible together or not at all.
 */
@ApplicationScoped
public class StorageLedger {
    private static final Logger LOG = Logger.getLogger(StorageLedger.class);

    @Inject
    StorageSettings settings;
    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    private KafkaProducer<String, byte[]> producer;

    /** Writes the records in one transaction; throws when it did not commit (nothing became visible). */
    public synchronized void commit(List<LedgerRecord> records) {
        KafkaProducer<String, byte[]> p = producer();
        try {
            p.beginTransaction();
            for (LedgerRecord record : records) {
                String topic = Topics.named(settings.prefix(), record.topic());
                Integer partition = record.projectScoped()
                        ? ProjectPartitioner.partition(record.key(), p.partitionsFor(topic).size()) : null;
                p.send(new ProducerRecord<>(topic, partition, record.key(), record.value(), record.headers()));
            }
            p.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            LOG.warnf("Transactional producer unusable (%s); it is replaced", e.toString());
            closeProducer();
            throw e;
        } catch (KafkaException e) {
            try {
                p.abortTransaction();
            } catch (KafkaException abort) {
                closeProducer();
            }
            throw e;
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    settings.prefix() + "lxbus-storage-ledger-" + settings.hostName());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            // commitTransaction flushes: a transaction's records go out in one request, nothing waits for the linger
            config.put(ProducerConfig.LINGER_MS_CONFIG, 100);
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30000);
            config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30000);
            KafkaProducer<String, byte[]> created = new KafkaProducer<>(config, new StringSerializer(),
                    new ByteArraySerializer());
            created.initTransactions();
            producer = created;
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(java.time.Duration.ofSeconds(5));
            } catch (RuntimeException ignored) {
                // Replaced on the next call anyway.
            }
            producer = null;
        }
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        closeProducer();
    }
}
