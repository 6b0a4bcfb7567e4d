package io.lxbus.gateway.domain;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fans every event out to the listeners that want it; a slow listener is dropped, never waited for. */
public final class EventHub {
    /** The event types LXD knows. */
    public static final Set<String> TYPES = Set.of("operation", "lifecycle", "logging");

    private final CopyOnWriteArrayList<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final int capacity;

    /** @param capacity how many frames a listener may have waiting before it is dropped */
    public EventHub(int capacity) {
        this.capacity = capacity;
    }

    /** Registers a listener now; attach its socket later. */
    public EventListener subscribe(Set<String> types, String project) {
        EventListener[] self = new EventListener[1];
        self[0] = new EventListener(types, project, capacity, () -> listeners.remove(self[0]));
        listeners.add(self[0]);
        return self[0];
    }

    /** Delivers a frame to every listener that wants an event of this type and project. */
    public void publish(String type, String project, String frame) {
        for (EventListener listener : listeners) {
            if (listener.wants(type, project)) {
                listener.offer(frame);
            }
        }
    }

    /** The listeners registered now. */
    public List<EventListener> listeners() {
        return List.copyOf(listeners);
    }

    /** Closes every listener (at shutdown). */
    public void closeAll() {
        listeners.forEach(EventListener::close);
    }
}
