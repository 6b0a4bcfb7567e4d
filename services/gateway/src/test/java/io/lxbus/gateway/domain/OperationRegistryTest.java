package io.lxbus.gateway.domain;

import io.lxbus.events.ErrorCode;
import io.lxbus.events.Operation;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperationRegistryTest {
    private final MutableClock clock = new MutableClock();
    private final List<Operation> events = new ArrayList<>();
    private final List<String> forgotten = new ArrayList<>();
    private final OperationRegistry registry = new OperationRegistry(clock, Duration.ofSeconds(5),
            new OperationRegistry.Observer() {
                @Override
                public void changed(Operation operation, String project) {
                    events.add(operation);
                }

                @Override
                public void forgotten(String id) {
                    forgotten.add(id);
                }
            });

    private final OperationSpec spec = OperationSpec.task("Creating instance", "default",
            Map.of("instances", List.of("/1.0/instances/c1")));

    @Test
    void goesPendingRunningThenSuccessWithFinalMetadata() {
        CompletableFuture<OperationOutcome> work = new CompletableFuture<>();
        Operation created = registry.create(spec, (id, progress) -> work);

        assertThat(created.statusCode()).isEqualTo(103);
        assertThat(created.operationClass()).isEqualTo("task");
        work.complete(OperationOutcome.success(Map.of("fingerprint", "abc")));

        assertThat(events).extracting(Operation::statusCode).containsExactly(105, 103, 200);
        Operation last = events.get(2);
        assertThat(last.status()).isEqualTo("Success");
        assertThat(last.metadata()).containsEntry("fingerprint", "abc");
        assertThat(registry.whenFinal(created.id()).orElseThrow()).isCompletedWithValue(last);
    }

    @Test
    void progressUpdatesAreEventsAndFailureCarriesErr() {
        CompletableFuture<OperationOutcome> work = new CompletableFuture<>();
        OperationRegistry.Progress[] progress = new OperationRegistry.Progress[1];
        Operation created = registry.create(spec, (id, p) -> {
            progress[0] = p;
            return work;
        });
        progress[0].metadata(Map.of("return", 3));
        work.complete(OperationOutcome.failure("Command not found"));

        assertThat(events).extracting(Operation::statusCode).containsExactly(105, 103, 103, 400);
        Operation last = registry.get(created.id()).orElseThrow();
        assertThat(last.status()).isEqualTo("Failure");
        assertThat(last.err()).isEqualTo("Command not found");
        assertThat(last.metadata()).containsEntry("return", 3);
    }

    @Test
    void workThatThrowsFailsTheOperation() {
        Operation created = registry.create(spec, (id, p) -> {
            throw new IllegalStateException("boom");
        });
        assertThat(created.statusCode()).isEqualTo(400);
        assertThat(created.err()).isEqualTo("boom");
    }

    @Test
    void aSecondEndingIsIgnored() {
        Operation created = registry.create(spec, (id, p) -> new CompletableFuture<>());
        registry.finish(created.id(), OperationOutcome.success(Map.of()));
        registry.finish(created.id(), OperationOutcome.failure("late"));
        assertThat(registry.get(created.id()).orElseThrow().status()).isEqualTo("Success");
        assertThat(events).hasSize(3);
    }

    @Test
    void finishedOperationsStayReadableForTheRetentionThenGo() {
        Operation created = registry.create(spec, (id, p) -> CompletableFuture.completedFuture(
                OperationOutcome.success(Map.of())));
        clock.advance(Duration.ofSeconds(4));
        registry.expire();
        assertThat(registry.get(created.id())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        registry.expire();
        assertThat(registry.get(created.id())).isEmpty();
        assertThat(forgotten).containsExactly(created.id());
    }

    @Test
    void runningOperationsAreNeverExpired() {
        Operation created = registry.create(spec, (id, p) -> new CompletableFuture<>());
        clock.advance(Duration.ofMinutes(10));
        registry.expire();
        assertThat(registry.get(created.id())).isPresent();
    }

    @Test
    void listIsGroupedByLowercaseStatus() {
        registry.create(spec, (id, p) -> new CompletableFuture<>());
        registry.create(spec, (id, p) -> CompletableFuture.completedFuture(OperationOutcome.success(Map.of())));
        registry.create(spec, (id, p) -> CompletableFuture.completedFuture(OperationOutcome.failure("x")));
        assertThat(registry.byStatus()).containsOnlyKeys("running", "success", "failure");
    }

    @Test
    void cancelOnlyWhenAllowed() {
        Operation fixed = registry.create(spec, (id, p) -> new CompletableFuture<>());
        assertThatThrownBy(() -> registry.cancel(fixed.id())).isInstanceOfSatisfying(GatewayError.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> registry.cancel("nope")).isInstanceOfSatisfying(GatewayError.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

        CompletableFuture<OperationOutcome> work = new CompletableFuture<>();
        Operation cancellable = registry.create(new OperationSpec("task", "Downloading image", "default",
                Map.of(), Map.of(), true), (id, p) -> work);
        Operation cancelled = registry.cancel(cancellable.id());
        assertThat(cancelled.statusCode()).isEqualTo(401);
        assertThat(cancelled.status()).isEqualTo("Cancelled");
        assertThat(work).isCancelled();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
