package io.lxbus.gateway.it;

import io.lxbus.infra.kafka.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Points the gateway at the shared test broker, fresh topics under a unique prefix, and a temp socket folder. */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {
    static String bootstrap;
    static String prefix;
    static Path dir;

    @Override
    public Map<String, String> start() {
        bootstrap = TestKafka.bootstrap();
        prefix = TestKafka.createTopics(TestKafka.uniquePrefix());
        try {
            dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "lxbus-gateway-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "lxbus.topic-prefix", prefix,
                "lxbus.dir", dir.toString(),
                "lxbus.command-timeout", "3s",
                "lxbus.json-body-limit", "65536");
    }

    @Override
    public void stop() {
    }
}
