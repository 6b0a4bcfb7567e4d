package io.lxbus.executor.driver.lxc;

import io.lxbus.executor.driver.DriverException;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code lxbus-mount} (built from {@code src/main/c/lxbus-mount.c} into the jar): a single-threaded C process
 * that joins a running container's namespaces to mount or unmount a host path, which the JVM cannot (setns into a
 * mount namespace is refused to multi-threaded processes; see DESIGN.md). It is copied out of the jar once to
 * {@code ${lxbus.dir}/run/lxbus-mount} (mode 0700).
 */
final class MountHelper {
    private static final long TIMEOUT_SECONDS = 30;

    private final Path binary;
    private volatile boolean installed;

    MountHelper(Path runFolder) {
        this.binary = runFolder.resolve("lxbus-mount");
    }

    /** Mounts {@code source} at {@code target} inside the container whose init is {@code pid}. */
    void mount(long pid, String source, String target, boolean readonly, boolean shift, boolean recursive) {
        List<String> args = new ArrayList<>(List.of("mount", Long.toString(pid), source, target));
        if (readonly) {
            args.add("ro");
        }
        if (shift) {
            args.add("shift");
        }
        if (recursive) {
            args.add("recursive");
        }
        run(args);
    }

    /** Unmounts {@code target} inside the container; nothing mounted there is not an error. */
    void unmount(long pid, String target) {
        run(List.of("umount", Long.toString(pid), target));
    }

    private void run(List<String> args) {
        install();
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readNBytes(4096);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new DriverException("lxbus-mount did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new DriverException(new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new DriverException("Cannot run " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("Interrupted while mounting", e);
        }
    }

    private synchronized void install() {
        if (installed) {
            return;
        }
        try (InputStream in = MountHelper.class.getResourceAsStream("lxbus-mount")) {
            if (in == null) {
                throw new DriverException("lxbus-mount is missing from the executor's jar (built with gcc)");
            }
            byte[] wanted = in.readAllBytes();
            if (!Files.exists(binary) || !Arrays.equals(Files.readAllBytes(binary), wanted)) {
                Files.createDirectories(binary.getParent());
                Path temp = binary.resolveSibling("lxbus-mount.new");
                Files.write(temp, wanted);
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx------"));
                Files.move(temp, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            installed = true;
        } catch (IOException e) {
            throw new DriverException("Cannot install " + binary + ": " + e.getMessage(), e);
        }
    }
}
