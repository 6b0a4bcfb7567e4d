package io.lxbus.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"p1", "default", "My_Profile.v2", "a-b", "ünïcode"})
    void lxd_accepts_these_profile_names(String name) {
        assertThat(Names.profileNameError(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", ".", "..", "has space", "tab\there"})
    void lxd_refuses_these_profile_names(String name) {
        assertThat(Names.profileNameError(name)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "web-01", "A", "x234567890123456789012345678901234567890123456789012345678901ab"})
    void instance_names_are_host_names(String name) {
        assertThat(Names.instanceNameError(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "-a", "a-", "a_b", "a.b",
            "x2345678901234567890123456789012345678901234567890123456789012ab"})
    void instance_names_that_are_not_host_names_are_refused(String name) {
        assertThat(Names.instanceNameError(name)).isPresent();
    }
}
