package io.lxbus.instance.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ValueChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "TRUE", "1", "0", "yes", "no", "on", "off"})
    void boolAcceptsLxdSpellings(String value) {
        assertThat(ValueChecks.bool().problem(value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "2", "truee", " "})
    void boolRefusesOtherWords(String value) {
        assertThat(ValueChecks.bool().problem(value)).hasValueSatisfying(why -> assertThat(why).contains(value));
    }

    @Test
    void integerChecksShapeAndRange() {
        ValueCheck check = ValueChecks.integer(1, 10);
        assertThat(check.problem("1")).isEmpty();
        assertThat(check.problem("10")).isEmpty();
        assertThat(check.problem("0")).hasValue("Value 0 is out of range (1 to 10)");
        assertThat(check.problem("11")).hasValue("Value 11 is out of range (1 to 10)");
        assertThat(check.problem("ten")).hasValue("Invalid value for an integer \"ten\"");
        assertThat(check.problem("1.5")).isPresent();
        assertThat(ValueChecks.nonNegative().problem("-1")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"64MiB", "1GB", "256MB", "1024", "10kB", "2GiB", "1.5GB", "512B", "1TiB"})
    void sizeAcceptsBytesWithUnits(String value) {
        assertThat(ValueChecks.size().problem(value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "1XB", "-1MB", "MB", "1 G B", "50%"})
    void sizeRefusesNonSizes(String value) {
        assertThat(ValueChecks.size().problem(value)).hasValueSatisfying(why -> assertThat(why).contains(value));
    }

    @Test
    void sizeUnitsAreDecimalAndBinary() {
        assertThat(ValueChecks.parseBytes("1GB")).hasValue(1_000_000_000L);
        assertThat(ValueChecks.parseBytes("64MiB")).hasValue(64L << 20);
        assertThat(ValueChecks.parseBytes("256MB")).hasValue(256_000_000L);
        assertThat(ValueChecks.parseBytes("7")).hasValue(7L);
    }

    @Test
    void sizeOrPercentAcceptsShares() {
        ValueCheck check = ValueChecks.sizeOrPercent();
        assertThat(check.problem("50%")).isEmpty();
        assertThat(check.problem("100%")).isEmpty();
        assertThat(check.problem("256MB")).isEmpty();
        assertThat(check.problem("0%")).isPresent();
        assertThat(check.problem("150%")).isPresent();
        assertThat(check.problem("half")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "1", "0-3", "1,3", "0-1,4", "0,2-3,7"})
    void cpuLimitAcceptsCountsAndPinSets(String value) {
        assertThat(ValueChecks.cpuLimit().problem(value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3-1", "a", "1-2-3", "1,,2", "-1", "1,"})
    void cpuLimitRefusesNonsense(String value) {
        assertThat(ValueChecks.cpuLimit().problem(value)).isPresent();
    }

    @Test
    void oneOfNamesTheChoices() {
        assertThat(ValueChecks.oneOf("hard", "soft").problem("soft")).isEmpty();
        assertThat(ValueChecks.oneOf("hard", "soft").problem("medium"))
                .hasValue("Invalid value \"medium\": expected one of hard, soft");
    }

    @Test
    void stringsBlobsPathsAndAddresses() {
        assertThat(ValueChecks.anyString().problem("x y")).isEmpty();
        assertThat(ValueChecks.anyString().problem("a\nb")).isPresent();
        assertThat(ValueChecks.blob().problem("a\nb")).isEmpty();
        assertThat(ValueChecks.absolutePath().problem("/mnt")).isEmpty();
        assertThat(ValueChecks.absolutePath().problem("mnt")).isPresent();
        assertThat(ValueChecks.macAddress().problem("00:16:3e:01:02:0A")).isEmpty();
        assertThat(ValueChecks.macAddress().problem("00:16:3e:01:02")).isPresent();
        assertThat(ValueChecks.ipv4().problem("10.0.3.5")).isEmpty();
        assertThat(ValueChecks.ipv4().problem("10.0.3.256")).isPresent();
        assertThat(ValueChecks.ipv6().problem("fd42::5")).isEmpty();
        assertThat(ValueChecks.ipv6().problem("not-an-ip")).isPresent();
        assertThat(ValueChecks.octalMode().problem("0644")).isEmpty();
        assertThat(ValueChecks.octalMode().problem("0999")).isPresent();
        assertThat(ValueChecks.ioLimit().problem("10MB")).isEmpty();
        assertThat(ValueChecks.ioLimit().problem("100iops")).isEmpty();
        assertThat(ValueChecks.ioLimit().problem("fast")).isPresent();
    }

    @Test
    void combinators() {
        ValueCheck countOrAuto = ValueChecks.integer(1, 4).or(ValueChecks.oneOf("auto"));
        assertThat(countOrAuto.problem("auto")).isEmpty();
        assertThat(countOrAuto.problem("3")).isEmpty();
        assertThat(countOrAuto.problem("9")).hasValue("Value 9 is out of range (1 to 4)");
        assertThat(ValueChecks.integer(1, 4).orEmpty().problem("")).isEmpty();
        assertThat(ValueChecks.integer(1, 4).problem("")).isPresent();
    }
}
