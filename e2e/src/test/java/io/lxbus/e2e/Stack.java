package io.lxbus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lxbus.bench.UnixHttp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole lxbus stack started with {@code bin/lxbus up} in a fresh folder, driven by the stock
 * {@code lxc} client. Closing it runs {@code bin/lxbus down} and checks nothing is left behind.
 */
final class Stack implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);

    final Path root = Proc.root();
    final Path dir;
    private final Path conf;

    private Stack(Path dir) throws IOException {
        this.dir = dir;
        this.conf = Files.createDirectories(dir.resolve("lxc-conf"));
        // A config.yml with the local remote skips the client's first-run questions.
        Files.writeString(conf.resolve("config.yml"), """
                default-remote: local
                remotes:
                  local:
                    addr: unix://
                    public: false
                """);
    }

    /** Starts a stack in a new temporary folder. */
    static Stack up() {
        return up(Map.of());
    }

    /** Starts a stack whose services also get {@code env} (settings such as {@code LXBUS_INSTANCE_…}). */
    static Stack up(Map<String, String> env) {
        try {
            Stack stack = new Stack(Files.createTempDirectory("lxbus-e2e-"));
            Proc up = Proc.run(stack.lxbusCommand("up"), env, null, UP_TIMEOUT);
            if (up.exit() != 0) {
                // A half-started stack must not outlive the test that could not use it.
                stack.close();
                up.assertOk();
            }
            return stack;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code bin/lxbus --dir DIR <args>}. */
    Proc lxbus(String... args) {
        return Proc.run(lxbusCommand(args), Map.of(), null, UP_TIMEOUT);
    }

    private List<String> lxbusCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/lxbus").toString(), "--dir", dir.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs the stock lxc client against this stack. */
    Proc lxc(String... args) {
        return lxcWithInput(null, args);
    }

    /** Runs the stock lxc client with text on its standard input. */
    Proc lxcWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("lxc"));
        command.addAll(List.of(args));
        return Proc.run(command, clientEnv(), stdin, Duration.ofSeconds(60));
    }

    /** Starts the stock lxc client without waiting for it. */
    Process lxcInBackground(String... args) {
        List<String> command = new ArrayList<>(List.of("lxc"));
        command.addAll(List.of(args));
        // lxc init/launch read instance YAML from a standard input that is not a terminal: give it none.
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(clientEnv());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, String> clientEnv() {
        return Map.of("LXD_SOCKET", socket().toString(), "LXD_CONF", conf.toString());
    }

    Path socket() {
        return dir.resolve("unix.socket");
    }

    /** A raw request to the gateway's socket. */
    UnixHttp.Reply http(String method, String path, String body) {
        return http(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    UnixHttp.Reply http(String method, String path, byte[] body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        if (body != null) {
            all.putIfAbsent("Content-Type", "application/json");
        }
        return UnixHttp.send(socket(), method, path, body, all);
    }

    /** The local broker's bootstrap address. */
    String bootstrap() {
        try {
            String port = Files.readAllLines(dir.resolve("stack.env")).stream()
                    .filter(l -> l.startsWith("KAFKA_PORT=")).findFirst().orElseThrow().substring("KAFKA_PORT=".length());
            return "127.0.0.1:" + port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record of a topic, read by an independent Kafka client (kcat), as JSON values. */
    List<JsonNode> topic(String topic) {
        Proc proc = Proc.ok(List.of("kcat", "-C", "-b", bootstrap(), "-t", topic, "-o", "beginning", "-e", "-q",
                "-X", "isolation.level=read_committed", "-f", "%s\\n"), Map.of(), Duration.ofSeconds(30));
        List<JsonNode> values = new ArrayList<>();
        for (String line : proc.out().split("\n")) {
            if (!line.isBlank()) {
                try {
                    values.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not JSON on " + topic + ": " + line, e);
                }
            }
        }
        return values;
    }

    /** How many records a topic holds (committed or not), by an independent client. */
    long count(String topic) {
        Proc proc = Proc.ok(List.of("kcat", "-C", "-b", bootstrap(), "-t", topic, "-o", "beginning", "-e", "-q",
                "-X", "isolation.level=read_uncommitted", "-f", "%o\\n"), Map.of(), Duration.ofSeconds(30));
        return proc.out().lines().filter(l -> !l.isBlank()).count();
    }

    /** kill -9 of one service, waiting until it is gone. */
    void kill9(String service) throws Exception {
        long pid = Long.parseLong(Files.readString(dir.resolve("run/" + service + ".pid")).trim());
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(service + " is not running"));
        Proc.ok(List.of("kill", "-9", Long.toString(pid)), Map.of(), Duration.ofSeconds(5));
        handle.onExit().get();
    }

    /** A reply's body as JSON. */
    static JsonNode json(UnixHttp.Reply reply) {
        try {
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + reply.status() + "): " + reply.text(), e);
        }
    }

    private Path logTarget() throws IOException {
        return Files.createDirectories(Path.of("target", "e2e-logs", dir.getFileName().toString()));
    }

    /**
     * Every topic of the stack as two files under target/e2e-logs, committed records and all records (with partition,
     * offset, timestamp and headers), so a failure can be read from the bus afterwards. Needs the broker running.
     */
    private void keepTopics() throws IOException {
        Path topics = dir.resolve("logs/topics.log");
        Path broker = dir.resolve("kafka/broker.pid");
        if (!Files.exists(topics) || !Files.exists(broker)
                || !ProcessHandle.of(Long.parseLong(Files.readString(broker).trim())).map(ProcessHandle::isAlive)
                .orElse(false)) {
            return;
        }
        Path target = Files.createDirectories(logTarget().resolve("topics"));
        for (String line : Files.readAllLines(topics)) {
            String topic = line.trim().split("\\s+")[0];
            if (topic.isEmpty()) {
                continue;
            }
            for (String level : List.of("read_committed", "read_uncommitted")) {
                Proc proc = Proc.run(List.of("kcat", "-C", "-b", bootstrap(), "-t", topic, "-o", "beginning", "-e",
                        "-q", "-X", "isolation.level=" + level, "-f", "%T %p/%o %k %h %s\\n"), Map.of(), null,
                        Duration.ofSeconds(30));
                Files.writeString(target.resolve(topic + "." + level + ".txt"), proc.out() + proc.err());
            }
        }
    }

    private void keepLogs() throws IOException {
        Path target = logTarget();
        for (Path log : List.of(dir.resolve("logs"), dir.resolve("kafka/broker.log"))) {
            if (Files.isDirectory(log)) {
                try (Stream<Path> files = Files.list(log)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(file, target.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } else if (Files.exists(log)) {
                Files.copy(log, target.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** LXC containers in the stack's lxcpath. */
    List<String> containerFolders() {
        return children(dir.resolve("containers"));
    }

    /** Root volume folders of instances in the default pool (not the spare clones kept for fast creates). */
    List<String> volumeFolders() {
        return children(dir.resolve("storage-pools/default/containers")).stream()
                .filter(name -> !name.startsWith(".spare-")).toList();
    }

    private static List<String> children(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Processes whose command line mentions this stack's folder. */
    List<String> leftoverProcesses() {
        String needle = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> cmdline(p.pid()).contains(needle))
                .map(p -> p.pid() + " " + cmdline(p.pid()))
                .toList();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** Deletes instances (forced) and checks that none is left: no instance listed, no container folder. */
    void deleteAllChecked(String... names) {
        List<String> command = new ArrayList<>(List.of("delete", "-f"));
        command.addAll(List.of(names));
        lxc(command.toArray(String[]::new));
        assertThat(lxc("list", "--format=csv", "-c", "n").assertOk().out().trim()).isEmpty();
        assertThat(containerFolders()).isEmpty();
    }

    /** Closes each of {@code things} that is not null, in order (a test's monitor before its stack). */
    static void closeAll(AutoCloseable... things) throws Exception {
        for (AutoCloseable thing : things) {
            if (thing != null) {
                thing.close();
            }
        }
    }

    /** Keeps the topics, stops the stack, keeps its logs under target/e2e-logs, checks no process is left, removes its folder. */
    @Override
    public void close() throws IOException {
        keepTopics();
        lxbus("down").assertOk();
        keepLogs();
        assertThat(leftoverProcesses()).as("processes left behind by the stack").isEmpty();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(dir).doesNotExist();
    }
}
