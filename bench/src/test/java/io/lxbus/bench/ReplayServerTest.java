package io.lxbus.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayServerTest {
    @TempDir
    Path folder;

    @Test
    void answers_recorded_paths_and_404_on_one_kept_alive_connection() throws Exception {
        try (ReplayServer server = new ReplayServer(folder, Map.of("/1.0", "{\"a\":1}".getBytes()));
             SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(server.socket()));
            channel.write(ByteBuffer.wrap(("GET /1.0 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /1.0/nothing HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            StringBuilder seen = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (!seen.toString().contains("\"error_code\":404}")) {
                buffer.clear();
                channel.read(buffer);
                seen.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1));
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 7\r\n\r\n{\"a\":1}")
                    .contains("HTTP/1.1 404 Not Found");
            assertThat(UnixHttp.send(server.socket(), "GET", "/1.0", null, Map.of()).text()).isEqualTo("{\"a\":1}");
        }
        assertThat(Files.exists(folder.resolve("replay.socket"))).isFalse();
    }
}
