package io.lxbus.gateway.messaging;

import io.lxbus.events.Result;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@code lxbus.results} from its end (positioned before the gateway sends anything) and hands each
 * result to whoever is waiting for that operation id.
 */
@ApplicationScoped
public class ResultsReader {
    private static final JsonSerde<Result> SERDE = JsonSerde.of(Result.class);

    private final KafkaSettings settings;
    private final ConcurrentHashMap<String, CompletableFuture<Result>> waiting = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> positioned = new CompletableFuture<>();

    public ResultsReader(KafkaSettings settings) {
        this.settings = settings;
    }

    /** The topic this bean reads, from its end (so only what is written from now on). */
    public TopicReader.Subscription subscription() {
        return new TopicReader.Subscription(settings.topic(Topics.RESULTS), TopicReader.Start.END, this::deliver);
    }

    /** The reader that reads it ({@link BusReader}). */
    public void readBy(TopicReader reader) {
        TopicReader.relay(reader.positioned(), positioned);
    }

    /** Whether results written from now on will be seen. */
    public boolean positioned() {
        return positioned.isDone() && !positioned.isCompletedExceptionally();
    }

    /** Registers interest in an operation's result; call before sending its command. */
    public CompletableFuture<Result> expect(String operationId) {
        CompletableFuture<Result> future = new CompletableFuture<>();
        waiting.put(operationId, future);
        future.whenComplete((result, failure) -> waiting.remove(operationId, future));
        return future;
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        Result result = SERDE.deserialize(record.topic(), record.value());
        String id = result.operationId() != null ? result.operationId() : record.key();
        CompletableFuture<Result> future = id == null ? null : waiting.get(id);
        if (future != null) {
            future.complete(result);
        }
    }
}
