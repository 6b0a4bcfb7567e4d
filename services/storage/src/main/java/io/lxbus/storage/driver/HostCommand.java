package io.lxbus.storage.driver;

import io.lxbus.common.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** Runs a host tool (tar, cp, unsquashfs) and turns a failure into an exception carrying its stderr. */
public final class HostCommand {
    private static final Executor STDERR_READERS = Executors.newCachedThreadPool(
            DaemonThreads.named("lxbus-host-command-stderr"));

    private HostCommand() {
    }

    /** Runs {@code command} and returns its stdout; throws with the tool's message when it fails. */
    public static byte[] run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        // stderr is read beside stdout (a tool that fills one pipe while we wait on the other would hang); no file.
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()),
                STDERR_READERS);
        try {
            byte[] out = process.getInputStream().readAllBytes();
            int code = process.waitFor();
            if (code != 0) {
                String stderr = errors.join().trim();
                throw new IOException(command.get(0) + " failed (exit " + code + ")"
                        + (stderr.isEmpty() ? "" : ": " + lastLines(stderr)));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(command.get(0) + " was interrupted", e);
        }
    }

    /** Runs {@code command} with arguments. */
    public static byte[] run(String... command) throws IOException {
        return run(List.of(command));
    }

    /** Whether a tool is on the PATH. */
    public static boolean available(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The entry names of a tarball (any compression tar detects). */
    public static List<String> listTarball(Path tarball) throws IOException {
        String text = new String(run("tar", "-tf", tarball.toString()), StandardCharsets.UTF_8);
        List<String> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                entries.add(line);
            }
        }
        return entries;
    }

    /** The content of one member of a tarball. */
    public static byte[] readMember(Path tarball, String member) throws IOException {
        return run("tar", "-xOf", tarball.toString(), member);
    }

    /** Unpacks a tarball into {@code target} keeping numeric owners, modes and extended attributes. */
    public static void unpack(Path tarball, Path target) throws IOException {
        run("tar", "-xf", tarball.toString(), "-C", target.toString(), "--numeric-owner", "--xattrs",
                "--xattrs-include=*");
    }

    /** A tool's whole stderr (only its last lines are reported; tools write little there). */
    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // the tool is gone; its exit status says what happened
        }
    }

    private static String lastLines(String text) {
        String[] lines = text.split("\n");
        int from = Math.max(0, lines.length - 3);
        return String.join("; ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
