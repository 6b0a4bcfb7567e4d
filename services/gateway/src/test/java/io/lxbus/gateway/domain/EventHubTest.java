package io.lxbus.gateway.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EventHubTest {
    /** A socket that records frames; it acknowledges writes only when told to. */
    private static final class RecordingSink implements EventSink {
        final List<String> frames = new ArrayList<>();
        final List<Runnable> pending = new ArrayList<>();
        final boolean acknowledge;
        boolean closed;

        RecordingSink(boolean acknowledge) {
            this.acknowledge = acknowledge;
        }

        @Override
        public void send(String frame, Runnable written) {
            frames.add(frame);
            if (acknowledge) {
                written.run();
            } else {
                pending.add(written);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void eventsBetweenSubscribeAndUpgradeAreDeliveredInOrder() {
        EventHub hub = new EventHub(10);
        EventListener listener = hub.subscribe(EventHub.TYPES, "default");
        hub.publish("operation", "default", "one");
        hub.publish("lifecycle", "default", "two");

        RecordingSink socket = new RecordingSink(true);
        listener.attach(socket);
        hub.publish("operation", "default", "three");

        assertThat(socket.frames).containsExactly("one", "two", "three");
    }

    @Test
    void listenersGetOnlyTheirTypesAndProject() {
        EventHub hub = new EventHub(10);
        RecordingSink lifecycleOnly = new RecordingSink(true);
        hub.subscribe(Set.of("lifecycle"), "default").attach(lifecycleOnly);
        RecordingSink everyProject = new RecordingSink(true);
        hub.subscribe(EventHub.TYPES, null).attach(everyProject);

        hub.publish("operation", "default", "op");
        hub.publish("lifecycle", "default", "life");
        hub.publish("lifecycle", "other", "elsewhere");

        assertThat(lifecycleOnly.frames).containsExactly("life");
        assertThat(everyProject.frames).containsExactly("op", "life", "elsewhere");
    }

    @Test
    void aSlowListenerIsDroppedAndOthersStillGetEverything() {
        EventHub hub = new EventHub(3);
        RecordingSink slow = new RecordingSink(false);
        EventListener slowListener = hub.subscribe(EventHub.TYPES, "default");
        slowListener.attach(slow);
        RecordingSink fast = new RecordingSink(true);
        hub.subscribe(EventHub.TYPES, "default").attach(fast);

        for (int i = 0; i < 10; i++) {
            hub.publish("operation", "default", "e" + i);
        }

        assertThat(slow.closed).isTrue();
        assertThat(slowListener.isClosed()).isTrue();
        assertThat(slow.frames).hasSize(3);
        assertThat(fast.frames).hasSize(10);
        assertThat(hub.listeners()).hasSize(1);
    }

    @Test
    void aListenerThatNeverUpgradesCannotGrowWithoutBound() {
        EventHub hub = new EventHub(2);
        EventListener listener = hub.subscribe(EventHub.TYPES, "default");
        for (int i = 0; i < 5; i++) {
            hub.publish("operation", "default", "e" + i);
        }
        assertThat(listener.isClosed()).isTrue();
        RecordingSink late = new RecordingSink(true);
        listener.attach(late);
        assertThat(late.closed).isTrue();
        assertThat(late.frames).isEmpty();
    }

    @Test
    void closingUnsubscribes() {
        EventHub hub = new EventHub(2);
        EventListener listener = hub.subscribe(EventHub.TYPES, "default");
        listener.close();
        assertThat(hub.listeners()).isEmpty();
    }
}
