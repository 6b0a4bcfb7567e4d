package io.lxbus.gateway.domain;

import java.util.ArrayDeque;
import java.util.Set;

/**
 * One {@code /1.0/events} subscriber. It exists before its websocket does: frames offered before the
 * socket is attached are buffered and flushed on attach, so nothing is lost during the upgrade. At most
 * {@code capacity} frames may be buffered or in flight; a listener that falls further behind is closed
 * so it cannot hold up anyone else.
 */
public final class EventListener {
    private final Set<String> types;
    private final String project;
    private final int capacity;
    private final Runnable onClose;
    private final ArrayDeque<String> buffered = new ArrayDeque<>();
    private EventSink sink;
    private int inFlight;
    private boolean closed;

    /**
     * @param types    event types wanted ({@code operation}, {@code lifecycle}, {@code logging})
     * @param project  the project wanted, or null for all projects
     * @param capacity how many frames may wait before the listener counts as too slow
     * @param onClose  run once when the listener closes for any reason
     */
    public EventListener(Set<String> types, String project, int capacity, Runnable onClose) {
        this.types = Set.copyOf(types);
        this.project = project;
        this.capacity = capacity;
        this.onClose = onClose;
    }

    /** Whether the listener wants events of this type and project. */
    public boolean wants(String type, String eventProject) {
        return types.contains(type) && (project == null || project.equals(eventProject));
    }

    /** Queues or sends a frame; false if the listener is closed (or was just closed for being too slow). */
    public boolean offer(String frame) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (sink == null) {
                if (buffered.size() < capacity) {
                    buffered.add(frame);
                    return true;
                }
            } else if (inFlight < capacity) {
                inFlight++;
                sink.send(frame, this::written);
                return true;
            }
        }
        close();
        return false;
    }

    /** Connects the open websocket and flushes what was buffered, in order. */
    public void attach(EventSink openSink) {
        boolean wasClosed;
        synchronized (this) {
            wasClosed = closed;
            if (!wasClosed) {
                sink = openSink;
                while (!buffered.isEmpty()) {
                    inFlight++;
                    sink.send(buffered.poll(), this::written);
                }
            }
        }
        if (wasClosed) {
            openSink.close();
        }
    }

    /** Closes the listener and its socket; idempotent. */
    public void close() {
        EventSink toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            buffered.clear();
            toClose = sink;
        }
        if (toClose != null) {
            toClose.close();
        }
        onClose.run();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private synchronized void written() {
        inFlight--;
    }
}
