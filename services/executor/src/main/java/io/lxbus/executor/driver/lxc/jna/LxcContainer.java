package io.lxbus.executor.driver.lxc.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@code struct lxc_container} reference, safe to share: every call holds the wrapper's lock, and
 * {@link #close()} drops the reference ({@code lxc_container_put}) once. None of these calls fork the JVM;
 * starting is not here on purpose (see the executor's DESIGN.md).
 */
public final class LxcContainer implements AutoCloseable {
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private Pointer handle;
    private final LxcContainerStruct struct;

    private LxcContainer(String name, Pointer handle) {
        this.name = name;
        this.handle = handle;
        this.struct = new LxcContainerStruct(handle);
    }

    /** {@code lxc_container_new(name, lxcpath)}: the container's current config is loaded when it has one. */
    public static LxcContainer open(String name, String lxcPath) {
        Pointer handle = LxcCalls.requireNonNull(NativeLxc.library().lxc_container_new(name, lxcPath), name,
                "lxc_container_new");
        return new LxcContainer(name, handle);
    }

    /** The container's name. */
    public String name() {
        return name;
    }

    /** Whether its config file exists. */
    public boolean isDefined() {
        return call(() -> fn("is_defined", LxcContainerStruct.BoolFn.class).invoke(handle) != 0);
    }

    /** Whether it runs (any state but STOPPED). */
    public boolean isRunning() {
        return call(() -> fn("is_running", LxcContainerStruct.BoolFn.class).invoke(handle) != 0);
    }

    /** liblxc's state name: STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED. */
    public String state() {
        return call(() -> {
            String state = fn("state", LxcContainerStruct.StringFn.class).invoke(handle);
            if (state == null) {
                throw LxcCalls.failure(struct, name, "state");
            }
            return state;
        });
    }

    /** The init process's host pid, or -1 when it does not run. */
    public int initPid() {
        return call(() -> fn("init_pid", LxcContainerStruct.IntFn.class).invoke(handle));
    }

    /** Re-reads a config file (null: its own) after clearing what was loaded. */
    public void reloadConfig(String file) {
        call(() -> {
            fn("clear_config", LxcContainerStruct.VoidFn.class).invoke(handle);
            LxcCalls.requireTrue(fn("load_config", LxcContainerStruct.BoolStringFn.class).invoke(handle, file),
                    struct, name, "load_config");
            return null;
        });
    }

    /** Kills it (SIGKILL to init) and waits until it stopped. */
    public void stop() {
        call(() -> {
            LxcCalls.requireTrue(fn("stop", LxcContainerStruct.BoolFn.class).invoke(handle), struct, name, "stop");
            return null;
        });
    }

    /** Sends the halt signal ({@code lxc.signal.halt}) and waits up to {@code timeoutSeconds}; false on timeout. */
    public boolean shutdown(int timeoutSeconds) {
        return call(() -> fn("shutdown", LxcContainerStruct.BoolIntFn.class).invoke(handle, timeoutSeconds) != 0);
    }

    /** Waits up to {@code timeoutSeconds} for a state; false on timeout. */
    public boolean waitFor(String state, int timeoutSeconds) {
        return call(() -> fn("wait", LxcContainerStruct.WaitFn.class).invoke(handle, state, timeoutSeconds) != 0);
    }

    /** Freezes it. */
    public void freeze() {
        call(() -> {
            LxcCalls.requireTrue(fn("freeze", LxcContainerStruct.BoolFn.class).invoke(handle), struct, name, "freeze");
            return null;
        });
    }

    /** Thaws it. */
    public void unfreeze() {
        call(() -> {
            LxcCalls.requireTrue(fn("unfreeze", LxcContainerStruct.BoolFn.class).invoke(handle), struct, name,
                    "unfreeze");
            return null;
        });
    }

    /** Writes a cgroup file of the running container, such as {@code memory.max}. */
    public void setCgroupItem(String key, String value) {
        call(() -> {
            LxcCalls.requireTrue(fn("set_cgroup_item", LxcContainerStruct.BoolStringStringFn.class)
                    .invoke(handle, key, value), struct, name, "set_cgroup_item " + key);
            return null;
        });
    }

    /** Reads a cgroup file of the running container; empty when liblxc cannot read it. */
    public Optional<String> cgroupItem(String key) {
        return call(() -> readItem("get_cgroup_item", key));
    }

    /** A loaded config item, such as {@code lxc.signal.halt}; empty when unset or unknown. */
    public Optional<String> configItem(String key) {
        return call(() -> readItem("get_config_item", key));
    }

    /**
     * Attaches to a console of the running container through its monitor's command socket ({@code console_getfd}; no
     * fork): tty 0 is {@code /dev/console}. Returns {@code {fd, ptx}}: closing {@code fd} releases the console,
     * {@code ptx} is the pty's controlling side (read the console's output, write its input).
     */
    public int[] consoleGetfd(int ttynum) {
        return call(() -> {
            com.sun.jna.ptr.IntByReference tty = new com.sun.jna.ptr.IntByReference(ttynum);
            com.sun.jna.ptr.IntByReference ptx = new com.sun.jna.ptr.IntByReference(-1);
            int fd = fn("console_getfd", LxcContainerStruct.ConsoleGetfdFn.class).invoke(handle, tty, ptx);
            if (fd < 0) {
                throw LxcCalls.failure(struct, name, "console_getfd");
            }
            return new int[] {fd, ptx.getValue()};
        });
    }

    /** Removes the container: its folder and storage (it must be stopped). */
    public void destroy() {
        call(() -> {
            LxcCalls.requireTrue(fn("destroy", LxcContainerStruct.BoolFn.class).invoke(handle), struct, name,
                    "destroy");
            return null;
        });
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (handle != null) {
                NativeLxc.library().lxc_container_put(handle);
                handle = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private Optional<String> readItem(String member, String key) {
        LxcContainerStruct.GetItemFn get = fn(member, LxcContainerStruct.GetItemFn.class);
        int length = get.invoke(handle, key, null, 0);
        if (length < 0) {
            return Optional.empty();
        }
        Memory buffer = new Memory(length + 1L);
        buffer.clear();
        int written = get.invoke(handle, key, buffer, length + 1);
        if (written < 0) {
            return Optional.empty();
        }
        return Optional.of(new String(buffer.getByteArray(0, Math.min(written, length)), StandardCharsets.UTF_8).strip());
    }

    private <T> T fn(String member, Class<T> type) {
        return type.cast(struct.readField(member));
    }

    private <T> T call(java.util.function.Supplier<T> body) {
        lock.lock();
        try {
            if (handle == null) {
                throw new IllegalStateException("Container " + name + " is closed");
            }
            return body.get();
        } finally {
            lock.unlock();
        }
    }
}
