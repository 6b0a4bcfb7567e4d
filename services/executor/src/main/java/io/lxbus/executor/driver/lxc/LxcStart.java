package io.lxbus.executor.driver.lxc;

import io.lxbus.executor.driver.DriverException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a container with {@code lxc-start -n <uuid> -P <lxcpath> -d}: a small helper process instead of liblxc's
 * {@code start()}, which would fork the whole JVM into the container's monitor (see DESIGN.md). It returns once the
 * container runs or failed; the monitor detaches, so the executor's death does not touch it.
 */
final class LxcStart {
    private static final long TIMEOUT_SECONDS = 60;

    private LxcStart() {
    }

    /** Runs the helper; its own output goes to {@code output}; throws with its exit status on failure. */
    static void run(String uuid, Path lxcPath, Path output) {
        ProcessBuilder builder = new ProcessBuilder(List.of("lxc-start", "-n", uuid, "-P", lxcPath.toString(), "-d"));
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        try {
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new DriverException("lxc-start did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new DriverException("lxc-start exited with status " + process.exitValue());
            }
        } catch (IOException e) {
            throw new DriverException("Cannot run lxc-start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("Interrupted while starting the instance", e);
        }
    }
}
