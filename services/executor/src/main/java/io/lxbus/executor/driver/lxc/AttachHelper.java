package io.lxbus.executor.driver.lxc;

import io.lxbus.executor.driver.DriverException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@code lxbus-attach} helper: the jar carries it (compiled from {@code src/main/c}); it is written to
 * {@code <run>/lxbus-attach} (0700) on first use. Processes are started from one thread that lives as long as the
 * executor, because the helper's parent-death signal fires when the thread that started it ends, not the process.
 */
final class AttachHelper {
    private static final String RESOURCE = "/io/lxbus/executor/native/lxbus-attach";

    private final Path binary;
    private final ExecutorService spawner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lxbus-exec-spawner");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean installed;

    AttachHelper(Path runFolder) {
        this.binary = runFolder.resolve("lxbus-attach");
    }

    /** The helper's path, installed (or refreshed) on the first call. */
    Path binary() {
        if (!installed) {
            synchronized (this) {
                if (!installed) {
                    install();
                    installed = true;
                }
            }
        }
        return binary;
    }

    /** Starts a process on the spawner thread. */
    Process start(ProcessBuilder builder) {
        Future<Process> started = spawner.submit(builder::start);
        try {
            return started.get();
        } catch (ExecutionException e) {
            throw new DriverException("Cannot run " + binary + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("Interrupted while starting the command", e);
        }
    }

    private void install() {
        try (InputStream in = AttachHelper.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new DriverException("exec is not available: this executor was built without its lxbus-attach "
                        + "helper (it needs cc and liblxc's headers, Debian packages gcc and lxc-dev)");
            }
            byte[] content = in.readAllBytes();
            if (Files.isRegularFile(binary) && Arrays.equals(Files.readAllBytes(binary), content)) {
                return;
            }
            Files.createDirectories(binary.getParent());
            Path temp = Files.createTempFile(binary.getParent(), ".lxbus-attach", ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.write(temp, content);
            Files.move(temp, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DriverException("Cannot install the exec helper at " + binary + ": " + e.getMessage(), e);
        }
    }
}
