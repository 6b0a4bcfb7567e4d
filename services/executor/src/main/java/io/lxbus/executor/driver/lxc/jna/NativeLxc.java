package io.lxbus.executor.driver.lxc.jna;

import com.sun.jna.Native;

/** Loads liblxc on first use (never at class load), once. */
public final class NativeLxc {
    /** The library's soname. */
    public static final String SONAME = "lxc";

    private NativeLxc() {
    }

    private static final class Holder {
        private static final LxcLibrary LIBRARY = Native.load(SONAME, LxcLibrary.class);
    }

    /** The loaded library; the first call loads it and fails with {@link LxcException} when it is missing. */
    public static LxcLibrary library() {
        try {
            return Holder.LIBRARY;
        } catch (LinkageError e) {
            throw new LxcException("liblxc is not available (install the lxc package): " + e.getMessage(), 0);
        }
    }

    /** liblxc's version, such as {@code 5.0.2}. */
    public static String version() {
        return library().lxc_get_version();
    }
}
