package io.lxbus.storage.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a host tool (tar, cp, unsquashfs) and turns a failure into an exception carrying its stderr. */
public final class HostCommand {
    private HostCommand() {
    }

    /** Runs {@code command} and returns its stdout; throws with the tool's message when it fails. */
    public static byte[] run(List<String> command) throws IOException {
        Path errors = Files.createTempFile("lxbus-storage-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = process.getInputStream().readAllBytes();
            int code = process.waitFor();
            if (code != 0) {
                String stderr = Files.readString(errors, StandardCharsets.UTF_8).trim();
                throw new IOException(command.get(0) + " failed (exit " + code + ")"
                        + (stderr.isEmpty() ? "" : ": " + lastLines(stderr)));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command.get(0) + " was interrupted", e);
        } finally {
            Files.deleteIfExists(errors);
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

    private static String lastLines(String text) {
        String[] lines = text.split("\n");
        int from = Math.max(0, lines.length - 3);
        return String.join("; ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
