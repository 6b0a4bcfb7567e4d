package io.lxbus.gateway.domain;

import io.lxbus.events.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IfMatchTest {
    @Test
    void etagIsTheQuotedRevisionAndRoundTrips() {
        assertThat(IfMatch.etag(7)).isEqualTo("\"7\"");
        assertThat(IfMatch.revision(IfMatch.etag(7))).isEqualTo(7L);
    }

    @Test
    void absentEmptyOrStarMeansNoPrecondition() {
        assertThat(IfMatch.revision(null)).isNull();
        assertThat(IfMatch.revision("")).isNull();
        assertThat(IfMatch.revision("*")).isNull();
    }

    @Test
    void malformedIsPreconditionFailed() {
        for (String bad : new String[] {"\"abc\"", "\"\"", "W/\"1\"", "\"1", "-1", "\"99999999999999999999\""}) {
            assertThatThrownBy(() -> IfMatch.revision(bad)).as(bad).isInstanceOfSatisfying(GatewayError.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
        }
    }
}
