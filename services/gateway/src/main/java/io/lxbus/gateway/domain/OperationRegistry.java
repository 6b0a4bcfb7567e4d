package io.lxbus.gateway.domain;

import io.lxbus.events.ErrorCode;
import io.lxbus.events.Operation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operations this gateway runs: Pending → Running → (metadata updates) → Success | Failure | Cancelled.
 * Every change is reported to the observer in order; finished operations stay readable for the
 * retention time and are then forgotten.
 */
public final class OperationRegistry {

    /** Told about every change, in order for each operation. */
    public interface Observer {
        /** The operation changed (it was created, started, updated or finished). */
        void changed(Operation operation, String project);

        /** The operation ended longer ago than the retention time and is no longer served. */
        void forgotten(String id);
    }

    /** The work an operation stands for; its stage ends the operation. */
    public interface Work {
        CompletionStage<OperationOutcome> start(String operationId, Progress progress);
    }

    /** How running work reports progress. */
    public interface Progress {
        /** Merges keys into the operation's metadata and publishes the change. */
        void metadata(Map<String, Object> updates);
    }

    private static final class Entry {
        final String project;
        final CompletableFuture<Operation> done = new CompletableFuture<>();
        Operation current;
        Instant finishedAt;
        CompletableFuture<OperationOutcome> work;

        Entry(String project) {
            this.project = project;
        }
    }

    private final Clock clock;
    private final Duration retention;
    private final Observer observer;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public OperationRegistry(Clock clock, Duration retention, Observer observer) {
        this.clock = clock;
        this.retention = retention;
        this.observer = observer;
    }

    /**
     * Creates an operation, starts its work and returns it as it is now (normally Running; already final
     * if the work finished at once), ready to be the body of a 202 answer.
     */
    public Operation create(OperationSpec spec, Work work) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Entry entry = new Entry(spec.project());
        synchronized (entry) {
            entry.current = new Operation(id, spec.operationClass(), spec.description(), now, now,
                    OperationStatus.PENDING.text(), OperationStatus.PENDING.code(), Map.copyOf(spec.resources()),
                    new LinkedHashMap<>(spec.metadata()), spec.mayCancel(), "", "none");
            entries.put(id, entry);
            observer.changed(entry.current, entry.project);
            entry.current = withStatus(entry.current, OperationStatus.RUNNING, "", Map.of());
            observer.changed(entry.current, entry.project);
        }
        CompletableFuture<OperationOutcome> stage;
        try {
            stage = work.start(id, updates -> update(id, updates)).toCompletableFuture();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        synchronized (entry) {
            entry.work = stage;
        }
        stage.whenComplete((outcome, failure) -> finish(id, outcome != null ? outcome
                : OperationOutcome.failure(messageOf(failure))));
        synchronized (entry) {
            return entry.current;
        }
    }

    /** The operation as it is now, while it is retained. */
    public Optional<Operation> get(String id) {
        Entry entry = entries.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        synchronized (entry) {
            return Optional.of(entry.current);
        }
    }

    /** Completes with the final operation once it ends; empty if no such operation is retained. */
    public Optional<CompletableFuture<Operation>> whenFinal(String id) {
        Entry entry = entries.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.done);
    }

    /** Every retained operation, oldest first. */
    public List<Operation> list() {
        List<Operation> out = new ArrayList<>();
        for (Entry entry : entries.values()) {
            synchronized (entry) {
                out.add(entry.current);
            }
        }
        out.sort(Comparator.comparing(Operation::createdAt).thenComparing(Operation::id));
        return out;
    }

    /** Retained operations grouped by lowercase status, as LXD lists them; only non-empty groups. */
    public Map<String, List<Operation>> byStatus() {
        Map<String, List<Operation>> groups = new LinkedHashMap<>();
        for (Operation operation : list()) {
            groups.computeIfAbsent(operation.status().toLowerCase(), k -> new ArrayList<>()).add(operation);
        }
        return groups;
    }

    /** Merges metadata into a running operation. */
    public void update(String id, Map<String, Object> updates) {
        Entry entry = entries.get(id);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            if (isFinal(entry.current)) {
                return;
            }
            entry.current = withStatus(entry.current, OperationStatus.RUNNING, "", updates);
            observer.changed(entry.current, entry.project);
        }
    }

    /** Ends an operation with an outcome; a second ending is ignored. */
    public void finish(String id, OperationOutcome outcome) {
        end(id, outcome.success() ? OperationStatus.SUCCESS : OperationStatus.FAILURE, outcome.err(),
                outcome.metadata());
    }

    /**
     * Cancels a running operation that may be cancelled.
     *
     * @throws GatewayError NOT_FOUND if it is not retained, BAD_REQUEST if it may not be cancelled
     */
    public Operation cancel(String id) {
        Entry entry = entries.get(id);
        if (entry == null) {
            throw new GatewayError(ErrorCode.NOT_FOUND, "Operation not found");
        }
        CompletableFuture<OperationOutcome> work;
        synchronized (entry) {
            if (isFinal(entry.current)) {
                throw GatewayError.badRequest("Only running operations can be cancelled");
            }
            if (!entry.current.mayCancel()) {
                throw GatewayError.badRequest("This operation can't be cancelled");
            }
            work = entry.work;
        }
        end(id, OperationStatus.CANCELLED, "", Map.of());
        if (work != null) {
            work.cancel(false);
        }
        return get(id).orElseThrow();
    }

    /** Forgets operations that finished longer ago than the retention time; returns how many. */
    public int expire() {
        Instant cutoff = clock.instant().minus(retention);
        int forgotten = 0;
        for (Map.Entry<String, Entry> item : entries.entrySet()) {
            Entry entry = item.getValue();
            boolean old;
            synchronized (entry) {
                old = entry.finishedAt != null && !entry.finishedAt.isAfter(cutoff);
            }
            if (old && entries.remove(item.getKey(), entry)) {
                observer.forgotten(item.getKey());
                forgotten++;
            }
        }
        return forgotten;
    }

    private void end(String id, OperationStatus status, String err, Map<String, Object> metadata) {
        Entry entry = entries.get(id);
        if (entry == null) {
            return;
        }
        Operation last;
        synchronized (entry) {
            if (isFinal(entry.current)) {
                return;
            }
            entry.current = withStatus(entry.current, status, err, metadata);
            entry.finishedAt = entry.current.updatedAt();
            observer.changed(entry.current, entry.project);
            last = entry.current;
        }
        entry.done.complete(last);
    }

    private Operation withStatus(Operation op, OperationStatus status, String err, Map<String, Object> updates) {
        Map<String, Object> metadata = new LinkedHashMap<>(op.metadata());
        metadata.putAll(updates);
        return new Operation(op.id(), op.operationClass(), op.description(), op.createdAt(), clock.instant(),
                status.text(), status.code(), op.resources(), metadata, op.mayCancel(), err, op.location());
    }

    private static boolean isFinal(Operation op) {
        return op.statusCode() >= 200;
    }

    private static String messageOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String message = cause == null ? null : cause.getMessage();
        return message == null || message.isBlank() ? "Internal error" : message;
    }
}
