package io.lxbus.common;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads for the services' own pools and loops (they never keep a stopping JVM alive). */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Makes every thread with the same name. */
    public static ThreadFactory named(String name) {
        return body -> create(name, body);
    }

    /** Makes threads named {@code prefix-1}, {@code prefix-2}, … */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return body -> create(prefix + "-" + count.incrementAndGet(), body);
    }

    /** Starts one daemon thread running {@code body}. */
    public static Thread start(String name, Runnable body) {
        Thread thread = create(name, body);
        thread.start();
        return thread;
    }

    private static Thread create(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
