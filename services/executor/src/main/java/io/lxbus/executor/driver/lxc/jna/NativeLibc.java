package io.lxbus.executor.driver.lxc.jna;

import com.sun.jna.Native;

/** Loads libc on first use (never at class load), once. */
public final class NativeLibc {
    private NativeLibc() {
    }

    private static final class Holder {
        private static final Libc LIBRARY = Native.load("c", Libc.class);
    }

    /** The loaded library. */
    public static Libc library() {
        return Holder.LIBRARY;
    }
}
