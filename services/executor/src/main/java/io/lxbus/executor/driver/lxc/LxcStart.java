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
 *
 * <p>The helper runs with an empty {@code PATH}. liblxc writes a container's id map through the setuid
 * {@code newuidmap}/{@code newgidmap} whenever it finds them on the {@code PATH}, even when it runs as root and could
 * write {@code /proc/<pid>/uid_map} itself; that is four extra fork+execs of a setuid binary per start (the map and the
 * minimal map used to chown the cgroup), measured at 100–500 ms of a 0.2–0.6 s start on this machine kind. As root it
 * falls back to writing the maps directly. The container's init does not inherit the helper's environment (liblxc
 * clears it), so nothing inside sees the empty {@code PATH}.
 */
final class LxcStart {
    private static final long TIMEOUT_SECONDS = 60;
    private static final String BINARY = onPath("lxc-start");

    private LxcStart() {
    }

    /** Runs the helper; its own output goes to {@code output}; throws with its exit status on failure. */
    static void run(String uuid, Path lxcPath, Path output) {
        ProcessBuilder builder = new ProcessBuilder(List.of(BINARY, "-n", uuid, "-P", lxcPath.toString(), "-d"));
        builder.environment().put("PATH", "");
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

    /** The absolute path of {@code name} on the executor's own {@code PATH}, or the bare name when it is not there. */
    static String onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String folder : path.split(File.pathSeparator)) {
            File candidate = new File(folder.isEmpty() ? "." : folder, name);
            if (candidate.isFile() && candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return name;
    }
}
