package io.lxbus.executor.reconcile;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One lane per key: work for a key runs on the pool one at a time, and requests that arrive while it runs collapse
 * into one more run (level-triggered: the run reads the latest state, so running once more is enough).
 */
final class Lanes {
    private final ExecutorService pool;
    private final Consumer<String> work;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    Lanes(ExecutorService pool, Consumer<String> work) {
        this.pool = pool;
        this.work = work;
    }

    /** Asks for one (more) run for {@code key}. */
    void kick(String key) {
        Lane lane = lanes.computeIfAbsent(key, Lane::new);
        synchronized (lane) {
            if (lane.running) {
                lane.again = true;
                return;
            }
            lane.running = true;
        }
        try {
            pool.execute(() -> drain(lane));
        } catch (RejectedExecutionException e) {
            synchronized (lane) {
                lane.running = false;
            }
        }
    }

    /** Whether nothing runs or waits. */
    boolean idle() {
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                if (lane.running) {
                    return false;
                }
            }
        }
        return true;
    }

    private void drain(Lane lane) {
        while (true) {
            try {
                work.accept(lane.key);
            } catch (RuntimeException e) {
                org.jboss.logging.Logger.getLogger(Lanes.class).errorf(e, "Reconciling %s failed", lane.key);
            }
            synchronized (lane) {
                if (!lane.again) {
                    lane.running = false;
                    return;
                }
                lane.again = false;
            }
        }
    }

    private static final class Lane {
        final String key;
        boolean running;
        boolean again;

        Lane(String key) {
            this.key = key;
        }
    }
}
