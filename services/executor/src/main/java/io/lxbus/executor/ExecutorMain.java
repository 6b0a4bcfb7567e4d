package io.lxbus.executor;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The executor's entry point: Quarkus, with processes started by {@code vfork} + {@code exec} (DESIGN.md "exec":
 * the JDK's default, {@code posix_spawn} of {@code jspawnhelper} which then execs the command, costs a second exec per
 * start, per live mount and for the attach server). Set before anything starts a process; {@code -Djdk.lang.Process.launchMechanism=…} wins.
 */
@QuarkusMain
public final class ExecutorMain {
    static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    private ExecutorMain() {
    }

    public static void main(String... args) {
        if (System.getProperty(LAUNCH_MECHANISM) == null) {
            System.setProperty(LAUNCH_MECHANISM, "VFORK");
        }
        Quarkus.run(args);
    }
}
