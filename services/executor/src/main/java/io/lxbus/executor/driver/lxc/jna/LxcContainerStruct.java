package io.lxbus.executor.driver.lxc.jna;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code struct lxc_container} of liblxc 5.0.2 ({@code lxccontainer.h}), member for member in header order. The
 * struct is only ever appended to, so newer liblxc versions keep these offsets (568 bytes on x86-64). C {@code bool}
 * is a byte, {@code char *} a Pointer, function pointers are callbacks; nothing is read or written automatically:
 * read one member at a time with {@link #readField(String)}.
 */
@Structure.FieldOrder({
        "name", "configfile", "pidfile", "slock", "privlock", "numthreads",
        "lxc_conf", "error_string", "error_num", "daemonize", "config_path", "is_defined",
        "state", "is_running", "freeze", "unfreeze", "init_pid", "load_config",
        "start", "startl", "stop", "want_daemonize", "want_close_all_fds", "config_file_name",
        "wait", "set_config_item", "destroy", "save_config", "create", "createl",
        "rename", "reboot", "shutdown", "clear_config", "clear_config_item", "get_config_item",
        "get_running_config_item", "get_keys", "get_interfaces", "get_ips", "get_cgroup_item", "set_cgroup_item",
        "get_config_path", "set_config_path", "clone", "console_getfd", "console", "attach",
        "attach_run_wait", "attach_run_waitl", "snapshot", "snapshot_list", "snapshot_restore", "snapshot_destroy",
        "may_control", "add_device_node", "remove_device_node", "attach_interface", "detach_interface", "checkpoint",
        "restore", "destroy_with_snapshots", "snapshot_destroy_all", "migrate", "console_log", "reboot2",
        "mount", "umount", "seccomp_notify_fd", "seccomp_notify_fd_active", "set_timeout", "devpts_fd"
})
public final class LxcContainerStruct extends Structure {
    /** {@code char *name} (private). */
    public Pointer name;
    /** {@code char *configfile} (private). */
    public Pointer configfile;
    /** {@code char *pidfile} (private). */
    public Pointer pidfile;
    /** {@code struct lxc_lock *slock} (private). */
    public Pointer slock;
    /** {@code struct lxc_lock *privlock} (private). */
    public Pointer privlock;
    /** {@code int numthreads} (private, references). */
    public int numthreads;
    /** {@code struct lxc_conf *lxc_conf} (private). */
    public Pointer lxc_conf;
    /** {@code char *error_string}: the last error, or null. */
    public Pointer error_string;
    /** {@code int error_num}: the last error number. */
    public int error_num;
    /** {@code bool daemonize}. */
    public byte daemonize;
    /** {@code char *config_path}: the lxcpath. */
    public Pointer config_path;
    public BoolFn is_defined;
    public StringFn state;
    public BoolFn is_running;
    public BoolFn freeze;
    public BoolFn unfreeze;
    public IntFn init_pid;
    public BoolStringFn load_config;
    public Unmapped start;
    public Unmapped startl;
    public BoolFn stop;
    public BoolByteFn want_daemonize;
    public Unmapped want_close_all_fds;
    public Unmapped config_file_name;
    public WaitFn wait;
    public BoolStringStringFn set_config_item;
    public BoolFn destroy;
    public Unmapped save_config;
    public Unmapped create;
    public Unmapped createl;
    public Unmapped rename;
    public Unmapped reboot;
    public BoolIntFn shutdown;
    public VoidFn clear_config;
    public Unmapped clear_config_item;
    public GetItemFn get_config_item;
    public Unmapped get_running_config_item;
    public Unmapped get_keys;
    public Unmapped get_interfaces;
    public Unmapped get_ips;
    public GetItemFn get_cgroup_item;
    public BoolStringStringFn set_cgroup_item;
    public StringFn get_config_path;
    public Unmapped set_config_path;
    public Unmapped clone;
    public ConsoleGetfdFn console_getfd;
    public Unmapped console;
    public Unmapped attach;
    public Unmapped attach_run_wait;
    public Unmapped attach_run_waitl;
    public Unmapped snapshot;
    public Unmapped snapshot_list;
    public Unmapped snapshot_restore;
    public Unmapped snapshot_destroy;
    public BoolFn may_control;
    public Unmapped add_device_node;
    public Unmapped remove_device_node;
    public Unmapped attach_interface;
    public Unmapped detach_interface;
    public Unmapped checkpoint;
    public Unmapped restore;
    public Unmapped destroy_with_snapshots;
    public Unmapped snapshot_destroy_all;
    public Unmapped migrate;
    public Unmapped console_log;
    public Unmapped reboot2;
    public Unmapped mount;
    public Unmapped umount;
    public Unmapped seccomp_notify_fd;
    public Unmapped seccomp_notify_fd_active;
    public Unmapped set_timeout;
    public Unmapped devpts_fd;

    /** Views the struct at {@code address} without reading it. */
    public LxcContainerStruct(Pointer address) {
        super(address);
        setAutoSynch(false);
    }

    /** The byte offset of a member, for layout checks. */
    int offsetOf(String member) {
        return fieldOffset(member);
    }

    /** For layout checks only: a struct in memory of its own. */
    LxcContainerStruct() {
        setAutoSynch(false);
    }

    /** {@code bool (*)(struct lxc_container *)}. */
    public interface BoolFn extends Callback {
        byte invoke(Pointer c);
    }

    /** {@code const char *(*)(struct lxc_container *)}; the string is static, not freed. */
    public interface StringFn extends Callback {
        String invoke(Pointer c);
    }

    /** {@code pid_t (*)(struct lxc_container *)}. */
    public interface IntFn extends Callback {
        int invoke(Pointer c);
    }

    /** {@code void (*)(struct lxc_container *)}. */
    public interface VoidFn extends Callback {
        void invoke(Pointer c);
    }

    /** {@code bool (*)(struct lxc_container *, bool)}. */
    public interface BoolByteFn extends Callback {
        byte invoke(Pointer c, byte state);
    }

    /** {@code bool (*)(struct lxc_container *, int)}. */
    public interface BoolIntFn extends Callback {
        byte invoke(Pointer c, int value);
    }

    /** {@code bool (*)(struct lxc_container *, const char *)}. */
    public interface BoolStringFn extends Callback {
        byte invoke(Pointer c, String value);
    }

    /** {@code bool (*)(struct lxc_container *, const char *, const char *)}. */
    public interface BoolStringStringFn extends Callback {
        byte invoke(Pointer c, String key, String value);
    }

    /** {@code bool (*wait)(struct lxc_container *, const char *state, int timeout)}. */
    public interface WaitFn extends Callback {
        byte invoke(Pointer c, String state, int timeout);
    }

    /** {@code int (*)(struct lxc_container *, const char *key, char *retv, int inlen)}: length, or &lt; 0. */
    public interface GetItemFn extends Callback {
        int invoke(Pointer c, String key, Pointer retv, int inlen);
    }

    /** {@code int (*console_getfd)(struct lxc_container *, int *ttynum, int *ptxfd)}: the tty's fd, or -1. */
    public interface ConsoleGetfdFn extends Callback {
        int invoke(Pointer c, com.sun.jna.ptr.IntByReference ttynum, com.sun.jna.ptr.IntByReference ptxfd);
    }

    /** A member lxbus does not call; typed only so the layout stays exact. */
    public interface Unmapped extends Callback {
        void invoke();
    }
}
