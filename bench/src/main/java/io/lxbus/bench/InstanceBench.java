package io.lxbus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Container lifecycle over the LXD API, so the same run measures lxbus and LXD: launch (create +
 * start) one at a time, 20 launches at once (wall time), force-stop and delete, start →
 * {@code instance-started} on {@code /1.0/events}, {@code lxc list} with 20 instances, and host
 * memory per running container (PSS of the liblxc monitor processes, which both use).
 *
 * <p>Usage: {@code InstanceBench --socket PATH [--image busybox] [--launches 10] [--concurrent 20] [--warmup 3]}.
 * The warm-up launches (launch, force-stop, delete; not counted) go first, for either server: a freshly started
 * lxbus still compiles its hot paths during its first launches, and LXD's first launch also pays one-time costs.
 */
public final class InstanceBench {
    private final LxdApi api;
    private final String image;
    private final String run = "b" + UUID.randomUUID().toString().substring(0, 6);
    private final List<String> made = new ArrayList<>();

    private InstanceBench(LxdApi api, String image) {
        this.api = api;
        this.image = image;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args,
                Map.of("--image", "busybox", "--launches", "10", "--concurrent", "20", "--warmup", "3"));
        InstanceBench bench = new InstanceBench(new LxdApi(Path.of(options.getOrDefault("--socket",
                "/var/lib/lxbus/unix.socket"))), options.get("--image"));
        System.out.println("socket: " + bench.api.socket());
        try {
            bench.warmUp(Integer.parseInt(options.get("--warmup")));
            bench.measure(Integer.parseInt(options.get("--launches")), Integer.parseInt(options.get("--concurrent")));
        } finally {
            bench.cleanUp();
        }
    }

    private void warmUp(int launches) {
        for (int i = 0; i < launches; i++) {
            String name = run + "-w" + i;
            launchOne(name);
            api.state(name, "stop", true);
            api.delete(name);
            made.remove(name);
        }
        System.out.println("warm-up: " + launches + " launches, not counted");
    }

    private void measure(int launches, int concurrent) throws Exception {
        Latencies launch = new Latencies("launch (create + start)");
        Latencies stop = new Latencies("stop --force");
        Latencies delete = new Latencies("delete");
        List<String> sequential = new ArrayList<>();
        for (int i = 0; i < launches; i++) {
            String name = run + "-s" + i;
            long start = System.nanoTime();
            launchOne(name);
            launch.add(System.nanoTime() - start);
            sequential.add(name);
        }
        Latencies started = startedEvents(sequential);
        for (String name : sequential) {
            long start = System.nanoTime();
            api.state(name, "stop", true);
            stop.add(System.nanoTime() - start);
            start = System.nanoTime();
            api.delete(name);
            delete.add(System.nanoTime() - start);
            made.remove(name);
        }

        long wall = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < concurrent; i++) {
            String name = run + "-c" + i;
            futures.add(pool.submit(() -> launchOne(name)));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double concurrentWall = (System.nanoTime() - wall) / 1e9;
        pool.shutdown();

        Latencies listApi = new Latencies("GET instances?recursion=2");
        for (int i = 0; i < 60; i++) {
            long start = System.nanoTime();
            UnixHttp.Reply reply = api.list();
            if (i >= 10) {
                listApi.add(System.nanoTime() - start);
            }
            if (reply.status() != 200) {
                throw new IllegalStateException("list: " + reply.text());
            }
        }
        Latencies listCli = lxcList(api.socket(), "lxc list (" + made.size() + " instances)", 15);
        Latencies listFloor = clientFloor(15);
        double monitorPss = monitorPssKb(concurrent);

        System.out.println(Latencies.header());
        for (Latencies row : List.of(launch, stop, delete, started, listApi, listCli, listFloor)) {
            System.out.println(row.row());
        }
        System.out.printf("%d launches at once: %.2f s wall%n", concurrent, concurrentWall);
        System.out.printf("host memory per running container (liblxc monitor PSS): %.1f MB%n", monitorPss / 1024);
    }

    private void launchOne(String name) {
        synchronized (made) {
            made.add(name);
        }
        api.create(image, name);
        api.state(name, "start", false);
    }

    /** Stops each instance, then measures from the start request to {@code instance-started} on the events socket. */
    private Latencies startedEvents(List<String> names) throws Exception {
        Latencies latencies = new Latencies("start -> instance-started");
        try (EventStream events = EventStream.open(api.socket())) {
            for (String name : names) {
                api.state(name, "stop", true);
                long sent = System.nanoTime();
                String operation = api.stateNoWait(name, "start");
                EventStream.Frame frame = events.await("\"instance-started\"", 30_000);
                while (frame != null && !frame.text().contains("/1.0/instances/" + name + "\"")) {
                    frame = events.await("\"instance-started\"", 30_000);
                }
                if (frame == null) {
                    throw new IllegalStateException("no instance-started for " + name);
                }
                latencies.add(frame.receivedNanos() - sent);
                api.await(operation);
            }
        }
        return latencies;
    }

    /**
     * The same {@code lxc list} against {@link ReplayServer}, which answers the two requests the client makes
     * ({@code GET /1.0}, then the recursive list) with this server's own answers, from memory: the client's floor.
     */
    private Latencies clientFloor(int n) throws Exception {
        Map<String, byte[]> answers = new LinkedHashMap<>();
        for (String target : List.of("/1.0", "/1.0/instances?filter=&recursion=2")) {
            UnixHttp.Reply reply = UnixHttp.send(api.socket(), "GET", target, null, Map.of());
            if (reply.status() != 200) {
                throw new IllegalStateException(target + ": " + reply.text());
            }
            answers.put(target, reply.body());
        }
        Path folder = Files.createTempDirectory("bench-replay");
        try (ReplayServer replay = new ReplayServer(folder, answers)) {
            return lxcList(replay.socket(), "lxc list, answers from memory", n);
        } finally {
            Files.deleteIfExists(folder);
        }
    }

    /** The real {@code lxc list} command, client start-up included, as a user sees it. */
    private Latencies lxcList(Path socket, String label, int n) throws Exception {
        Latencies latencies = new Latencies(label);
        Path conf = Files.createTempDirectory("bench-lxc-conf");
        Files.writeString(conf.resolve("config.yml"),
                "default-remote: local\nremotes:\n  local:\n    addr: unix://\n    public: false\n");
        for (int i = 0; i < n + 3; i++) {
            ProcessBuilder builder = new ProcessBuilder("lxc", "list", "--format=csv").redirectErrorStream(true);
            builder.environment().put("LXD_SOCKET", socket.toString());
            builder.environment().put("LXD_CONF", conf.toString());
            long start = System.nanoTime();
            Process process = builder.start();
            process.getInputStream().readAllBytes();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("lxc list failed");
            }
            if (i >= 3) {
                latencies.add(System.nanoTime() - start);
            }
        }
        Files.delete(conf.resolve("config.yml"));
        Files.delete(conf);
        return latencies;
    }

    /**
     * Average PSS (kB) of the liblxc monitor processes of this server's containers ({@code [lxc monitor]
     * <lxcpath> <name>}, where both LXD and lxbus keep containers in {@code containers/} beside the socket).
     */
    private double monitorPssKb(int expected) throws IOException {
        String lxcpath = api.socket().toAbsolutePath().getParent().resolve("containers").toString();
        long total = 0;
        int count = 0;
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            String cmdline = cmdline(process.pid());
            if (cmdline.startsWith("[lxc monitor] " + lxcpath + " ")) {
                total += pssKb(process.pid());
                count++;
            }
        }
        if (count < expected) {
            System.out.printf("note: found %d monitor processes for %d containers%n", count, expected);
        }
        return count == 0 ? Double.NaN : (double) total / count;
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static long pssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    private void cleanUp() {
        List<String> left;
        synchronized (made) {
            left = new ArrayList<>(made);
        }
        for (String name : left) {
            try {
                api.state(name, "stop", true);
            } catch (RuntimeException ignored) {
                // already stopped
            }
            try {
                api.delete(name);
            } catch (RuntimeException e) {
                System.err.println("could not delete " + name + ": " + e.getMessage());
            }
        }
    }
}
