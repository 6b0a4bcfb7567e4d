package io.lxbus.executor.domain;

import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PendingAction;
import io.lxbus.events.PowerState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilePlanTest {
    private static final Observed RUNNING = new Observed(true, RuntimeStatus.RUNNING, 42);
    private static final Observed STOPPED = new Observed(true, RuntimeStatus.STOPPED, 0);

    static Instance instance(InstanceStatus status, PowerState power, PendingAction pending) {
        return new Instance("default", "c1", "u-1", "container", "", "x86_64", false, List.of(), Map.of(), Map.of(),
                Map.of(), Map.of(), null, "h", "default", "/r", status, power, pending, 1, Instant.EPOCH, null,
                Instant.EPOCH);
    }

    static PendingAction pending(String op, String action) {
        return new PendingAction(op, "cmd-" + op, action, false, -1, null, Instant.EPOCH);
    }

    static InstanceRuntime runtime(String status, long pid, String op) {
        return new InstanceRuntime("default", "c1", "u-1", "h", status, pid, op, null, "requested", List.of(),
                Instant.EPOCH);
    }

    @Test
    void aNewPendingActionIsPerformedOnce() {
        Instance starting = instance(InstanceStatus.STOPPED, PowerState.RUNNING, pending("op1", "start"));
        assertThat(ReconcilePlan.next(starting, null, STOPPED)).isInstanceOf(Step.Perform.class);
        assertThat(ReconcilePlan.next(starting, runtime("Running", 42, "op1"), RUNNING)).isEqualTo(new Step.Nothing());
    }

    @Test
    void createAndDeletePendingsAreNotTheExecutors() {
        assertThat(ReconcilePlan.next(instance(InstanceStatus.CREATING, PowerState.STOPPED, pending("op", "create")),
                null, Observed.ABSENT)).isEqualTo(new Step.Nothing());
    }

    @Test
    void aContainerThatStoppedOnItsOwnIsReportedAsExited() {
        Instance running = instance(InstanceStatus.RUNNING, PowerState.RUNNING, null);
        assertThat(ReconcilePlan.next(running, runtime("Running", 42, "op1"), STOPPED))
                .isEqualTo(new Step.Report(RuntimeStatus.STOPPED, 0, "exited"));
        assertThat(ReconcilePlan.next(running, null, STOPPED))
                .isEqualTo(new Step.Report(RuntimeStatus.STOPPED, 0, "exited"));
    }

    @Test
    void aRunningContainerIsAdoptedOnlyWhenTheRecordDiffers() {
        Instance running = instance(InstanceStatus.RUNNING, PowerState.RUNNING, null);
        assertThat(ReconcilePlan.next(running, null, RUNNING)).isEqualTo(new Step.Report(RuntimeStatus.RUNNING, 42, "adopted"));
        assertThat(ReconcilePlan.next(running, runtime("Running", 42, "op1"), RUNNING)).isEqualTo(new Step.Nothing());
        assertThat(ReconcilePlan.next(running, runtime("Running", 41, "op1"), RUNNING))
                .isEqualTo(new Step.Report(RuntimeStatus.RUNNING, 42, "adopted"));
    }

    @Test
    void containersWithoutRecordsOrBeingDeletedAreDestroyed() {
        assertThat(ReconcilePlan.next(null, null, RUNNING)).isEqualTo(new Step.Destroy(false));
        assertThat(ReconcilePlan.next(instance(InstanceStatus.DELETING, PowerState.STOPPED, pending("d", "delete")),
                runtime("Stopped", 0, "op1"), STOPPED)).isEqualTo(new Step.Destroy(true));
        assertThat(ReconcilePlan.next(null, null, Observed.ABSENT)).isEqualTo(new Step.Nothing());
    }

    @Test
    void liblxcStatesMapToRuntimeStatuses() {
        assertThat(RuntimeStatus.fromLxc("RUNNING")).isEqualTo(RuntimeStatus.RUNNING);
        assertThat(RuntimeStatus.fromLxc("FREEZING")).isEqualTo(RuntimeStatus.FROZEN);
        assertThat(RuntimeStatus.fromLxc("FROZEN")).isEqualTo(RuntimeStatus.FROZEN);
        assertThat(RuntimeStatus.fromLxc("STOPPED")).isEqualTo(RuntimeStatus.STOPPED);
        assertThat(RuntimeStatus.fromLxc("ABORTING")).isEqualTo(RuntimeStatus.ERROR);
    }
}
