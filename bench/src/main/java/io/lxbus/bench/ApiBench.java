package io.lxbus.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Control-plane latency over an LXD unix socket, one request per connection as the lxc client
 * sends them: {@code GET /1.0}, and profile create and delete (for lxbus, a full trip through Kafka).
 * It speaks only the LXD API, so the same run works against an LXD daemon.
 *
 * <p>Usage: {@code ApiBench --socket PATH [--gets N] [--warmup N] [--profiles N] [--profile-warmup N]}; the
 * warm-ups are generous because a JVM client (and a JVM server) needs thousands of calls to settle.
 */
public final class ApiBench {
    private final Path socket;

    private ApiBench(Path socket) {
        this.socket = socket;
    }

    public static void main(String[] args) {
        Map<String, String> options = Options.parse(args, Map.of("--gets", "10000", "--warmup", "3000",
                "--profiles", "300", "--profile-warmup", "100"));
        ApiBench bench = new ApiBench(Path.of(options.getOrDefault("--socket", "/var/lib/lxbus/unix.socket")));
        int warmup = Integer.parseInt(options.get("--warmup"));
        System.out.println("socket: " + bench.socket);
        System.out.println(Latencies.header());
        System.out.println(bench.getServer(warmup, Integer.parseInt(options.get("--gets"))).row());
        int profileWarmup = Integer.parseInt(options.get("--profile-warmup"));
        for (Latencies row : bench.profiles(profileWarmup, Integer.parseInt(options.get("--profiles")))) {
            System.out.println(row.row());
        }
    }

    private Latencies getServer(int warmup, int n) {
        Latencies latencies = new Latencies("GET /1.0");
        for (int i = 0; i < warmup + n; i++) {
            long start = System.nanoTime();
            expect(200, UnixHttp.send(socket, "GET", "/1.0", null, Map.of()));
            if (i >= warmup) {
                latencies.add(System.nanoTime() - start);
            }
        }
        return latencies;
    }

    private List<Latencies> profiles(int warmup, int n) {
        Latencies create = new Latencies("POST /1.0/profiles");
        Latencies delete = new Latencies("DELETE /1.0/profiles/{name}");
        String run = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> made = new ArrayList<>();
        try {
            for (int i = 0; i < warmup + n; i++) {
                String name = run + i;
                byte[] body = ("{\"name\":\"" + name + "\",\"config\":{\"limits.cpu\":\"2\"},\"description\":\"\",\"devices\":{}}\n")
                        .getBytes(StandardCharsets.UTF_8);
                long start = System.nanoTime();
                UnixHttp.Reply reply = UnixHttp.send(socket, "POST", "/1.0/profiles", body,
                        Map.of("Content-Type", "application/json"));
                long elapsed = System.nanoTime() - start;
                if (reply.status() != 200 && reply.status() != 201) {
                    throw new IllegalStateException("create " + name + ": " + reply.status() + " " + reply.text());
                }
                made.add(name);
                if (i >= warmup) {
                    create.add(elapsed);
                }
            }
            for (int i = 0; i < made.size(); i++) {
                long start = System.nanoTime();
                expect(200, UnixHttp.send(socket, "DELETE", "/1.0/profiles/" + made.get(i), null, Map.of()));
                if (i >= warmup) {
                    delete.add(System.nanoTime() - start);
                }
            }
            made.clear();
        } finally {
            made.forEach(name -> UnixHttp.send(socket, "DELETE", "/1.0/profiles/" + name, null, Map.of()));
        }
        return List.of(create, delete);
    }

    private static void expect(int status, UnixHttp.Reply reply) {
        if (reply.status() != status) {
            throw new IllegalStateException("expected " + status + " but got " + reply.status() + ": " + reply.text());
        }
    }
}
