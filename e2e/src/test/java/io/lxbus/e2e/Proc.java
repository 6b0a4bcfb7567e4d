package io.lxbus.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A finished command: its exit code and what it printed. */
record Proc(List<String> command, int exit, String out, String err) {

    /** Runs a command to the end (or kills it at the timeout) with extra environment and optional stdin. */
    static Proc run(List<String> command, Map<String, String> env, String stdin, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            Process process = builder.start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return new Proc(command, -1, out.join(), err.join() + "\n[killed after " + timeout + "]");
            }
            return new Proc(command, process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command and fails the test unless it exits 0. */
    static Proc ok(List<String> command, Map<String, String> env, Duration timeout) {
        Proc proc = run(command, env, null, timeout);
        return proc.assertOk();
    }

    /** This result, or an assertion error that shows everything the command printed. */
    Proc assertOk() {
        if (exit != 0) {
            throw new AssertionError(this.toString());
        }
        return this;
    }

    static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                return buffer.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " -> exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }

    /** The checkout root, from the build or by walking up to bin/lxbus. */
    static Path root() {
        String configured = System.getProperty("lxbus.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (p.resolve("bin/lxbus").toFile().canExecute()) {
                return p;
            }
        }
        throw new IllegalStateException("bin/lxbus not found above " + start);
    }
}
