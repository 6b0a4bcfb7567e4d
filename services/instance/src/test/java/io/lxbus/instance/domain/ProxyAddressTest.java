package io.lxbus.instance.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"tcp:0.0.0.0:80", "udp:127.0.0.1:53", "tcp:[::]:8080", "tcp:localhost:80-90",
            "tcp:10.0.0.1:80,443", "tcp:1.2.3.4:1000-1010,2000", "unix:/run/app.sock", "unix:@abstract"})
    void acceptsLxdForms(String address) {
        assertThat(ProxyAddress.problem(address)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http:0.0.0.0:80", "tcp:0.0.0.0", "tcp::80", "tcp:0.0.0.0:0", "tcp:0.0.0.0:70000",
            "tcp:1.2.3.4:90-80", "unix:", "tcp:::1:80", "0.0.0.0:80", "tcp:1.2.3.4:"})
    void refusesOtherForms(String address) {
        assertThat(ProxyAddress.problem(address)).hasValueSatisfying(why -> assertThat(why).contains(address));
    }
}
