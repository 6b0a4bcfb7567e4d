package io.lxbus.executor.driver.lxc;

import io.lxbus.common.DaemonThreads;
import io.lxbus.executor.driver.DriverException;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The resident attach server, {@code lxbus-attach} (DESIGN.md "exec"): the jar carries it (compiled from
 * {@code src/main/c}); it is written to {@code <run>/lxbus-attach} (0700) and started on the first exec, listening on
 * {@code <run>/attach.socket} (0600). It is started from one thread that lives as long as the executor, because its
 * parent-death signal fires when the thread that started it ends, not the process. A server that died, or that does
 * not take a request, is started again and the request sent once more (nothing ran the first time).
 */
final class AttachServer {
    private static final Logger LOG = Logger.getLogger(AttachServer.class);
    private static final String RESOURCE = "/io/lxbus/executor/native/lxbus-attach";
    private static final int ANSWER_TIMEOUT_MS = 10_000;
    /** The server's limits on one request ({@code MAX_ARGS}, {@code MAX_REQUEST} in {@code lxbus-attach.c}). */
    static final int MAX_ARGUMENTS = 4096;
    static final int MAX_REQUEST_BYTES = 1 << 20;

    private final Path binary;
    private final Path socket;
    private final ExecutorService spawner = Executors.newSingleThreadExecutor(
            DaemonThreads.named("lxbus-exec-spawner"));
    private Process server;

    AttachServer(Path runFolder) {
        this.binary = runFolder.resolve("lxbus-attach");
        this.socket = runFolder.resolve("attach.socket");
    }

    /**
     * Sends one exec's request (argv-style arguments, see {@code lxbus-attach.c}) with the command's stdin, stdout and
     * stderr; returns once the server took it.
     */
    AttachConnection send(List<String> arguments, int[] stdio) {
        byte[] request = request(arguments);
        if (arguments.size() > MAX_ARGUMENTS || request.length > MAX_REQUEST_BYTES) {
            throw new DriverException("The command and its environment are too long (at most " + MAX_ARGUMENTS
                    + " arguments and variables, " + MAX_REQUEST_BYTES / 1024 + " KiB in all)");
        }
        for (int attempt = 1; ; attempt++) {
            Process serving = running();
            try {
                return AttachConnection.open(socket, request, stdio, ANSWER_TIMEOUT_MS);
            } catch (IOException e) {
                if (attempt == 2) {
                    throw new DriverException("exec is not available: the attach server (" + socket + ") " + e.getMessage(), e);
                }
                LOG.warnf("the attach server (pid %d) %s; starting it again", serving.pid(), e.getMessage());
                stop(serving);
            }
        }
    }

    /** The arguments as the server reads them: each followed by a NUL. */
    static byte[] request(List<String> arguments) {
        StringBuilder request = new StringBuilder();
        arguments.forEach(argument -> request.append(argument).append('\0'));
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    private synchronized Process running() {
        if (server == null || !server.isAlive()) {
            server = start();
        }
        return server;
    }

    private synchronized void stop(Process serving) {
        if (server == serving) {
            server = null;
        }
        // Commands already running are not affected: each belongs to a child with a connection of its own.
        serving.destroyForcibly();
    }

    private Process start() {
        install();
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), socket.toString(),
                Long.toString(ProcessHandle.current().pid()))
                .directory(new File("/"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().clear();
        Future<Process> started = spawner.submit(builder::start);
        Process process;
        try {
            process = started.get();
        } catch (ExecutionException e) {
            throw new DriverException("Cannot run " + binary + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("Interrupted while starting the attach server", e);
        }
        // It prints "ready" once it listens; end of output means it exited.
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            if ("ready".equals(out.readLine())) {
                LOG.debugf("attach server pid %d on %s", process.pid(), socket);
                return process;
            }
        } catch (IOException e) {
            LOG.debugf("reading the attach server's output: %s", e.getMessage());
        }
        process.destroyForcibly();
        throw new DriverException("exec is not available: the attach server " + binary + " did not start (see the "
                + "executor's log)");
    }

    private void install() {
        try (InputStream in = AttachServer.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new DriverException("exec is not available: this executor was built without its lxbus-attach "
                        + "server (it needs cc and liblxc's headers, Debian packages gcc and lxc-dev)");
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
            throw new DriverException("Cannot install the attach server at " + binary + ": " + e.getMessage(), e);
        }
    }
}
