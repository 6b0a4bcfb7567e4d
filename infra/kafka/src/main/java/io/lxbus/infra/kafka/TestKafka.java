package io.lxbus.infra.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The real broker every integration test uses: one per JVM (or {@code LXBUS_TEST_KAFKA_BOOTSTRAP}), topics under a unique prefix. */
public final class TestKafka {
    /** Env var naming an already running broker shared by all test JVMs. */
    public static final String BOOTSTRAP_ENV = "LXBUS_TEST_KAFKA_BOOTSTRAP";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static String bootstrap;

    private TestKafka() {
    }

    /** The shared broker's bootstrap address, starting a local broker on free ports at first use. */
    public static synchronized String bootstrap() {
        if (bootstrap == null) {
            String external = System.getenv(BOOTSTRAP_ENV);
            bootstrap = external != null && !external.isBlank() ? external.trim() : startLocal();
        }
        return bootstrap;
    }

    /** A fresh topic prefix such as {@code t3fa9c1d2.}, so tests sharing a broker never see each other's topics. */
    public static String uniquePrefix() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "t" + HexFormat.of().formatHex(bytes) + ".";
    }

    /** Creates the whole catalog under the prefix on the shared broker and returns the prefix. */
    public static String createTopics(String prefix) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (Admin admin = Admin.create(props)) {
            CreateTopics.createAll(admin, prefix);
            return prefix;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics under " + prefix + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topics under " + prefix, e);
        }
    }

    private static String startLocal() {
        try {
            Path dir = Files.createTempDirectory("lxbus-kafka-");
            int[] ports = freePorts();
            LocalBroker broker = LocalBroker.start(dir, ports[0], ports[1]);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.close();
                deleteTree(dir);
            }, "lxbus-test-kafka-stop"));
            return broker.bootstrap();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a test broker", e);
        }
    }

    /** Two distinct free loopback ports (client, controller), held together so they differ. */
    static int[] freePorts() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket a = new ServerSocket(0, 1, loopback); ServerSocket b = new ServerSocket(0, 1, loopback)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort at JVM exit; the temp dir is the OS's to clean.
        }
    }
}
