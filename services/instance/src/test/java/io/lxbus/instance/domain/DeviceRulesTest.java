package io.lxbus.instance.domain;

import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.lxbus.instance.domain.ConfigScope.PROFILE;
import static org.assertj.core.api.Assertions.assertThat;

class DeviceRulesTest {

    private static java.util.Optional<String> check(String name, Map<String, String> device) {
        return DeviceRules.problem(name, device, PROFILE);
    }

    @Test
    void acceptsTheShapesTheLxcClientSends() {
        assertThat(DeviceRules.problem(Map.of(
                "root", Map.of("type", "disk", "path", "/", "pool", "default"),
                "d1", Map.of("type", "disk", "path", "/mnt/d1", "source", "/etc", "readonly", "true"),
                "eth0", Map.of("type", "nic", "name", "eth0", "network", "lxdbr0"),
                "web", Map.of("type", "proxy", "listen", "tcp:0.0.0.0:80", "connect", "tcp:127.0.0.1:8080"),
                "nothing", Map.of("type", "none")), PROFILE)).isEmpty();
    }

    @Test
    void typeIsRequiredAndMustBeKnown() {
        assertThat(check("x", Map.of("path", "/x"))).hasValue("Device \"x\": Missing device type");
        assertThat(check("x", Map.of("type", "floppy")))
                .hasValueSatisfying(why -> assertThat(why).startsWith("Device \"x\": Unknown device type \"floppy\""));
    }

    @Test
    void badValuesNameDeviceAndKey() {
        assertThat(check("data", Map.of("type", "disk", "path", "/d", "source", "/s", "readonly", "perhaps")))
                .hasValue("Device \"data\": Invalid value for \"readonly\": Invalid value for a boolean \"perhaps\"");
        assertThat(check("data", Map.of("type", "disk", "path", "/d", "source", "/s", "colour", "red")))
                .hasValue("Device \"data\": Invalid device option \"colour\" for a disk device");
    }

    @Test
    void diskNeedsPathAndRootNeedsPool() {
        assertThat(check("d", Map.of("type", "disk", "source", "/s")))
                .hasValueSatisfying(why -> assertThat(why).startsWith("Device \"d\": Missing \"path\""));
        assertThat(check("root", Map.of("type", "disk", "path", "/")))
                .hasValue("Device \"root\": The root disk (path \"/\") needs a \"pool\"");
        assertThat(check("root", Map.of("type", "disk", "path", "/", "pool", "p", "source", "/x")))
                .hasValueSatisfying(why -> assertThat(why).contains("cannot have a \"source\""));
        assertThat(check("d", Map.of("type", "disk", "path", "/mnt")))
                .hasValueSatisfying(why -> assertThat(why).contains("Missing \"source\""));
        assertThat(check("root", Map.of("type", "disk", "path", "/", "pool", "p", "size", "10GiB"))).isEmpty();
        assertThat(check("root", Map.of("type", "disk", "path", "/", "pool", "p", "size", "big")))
                .hasValueSatisfying(why -> assertThat(why).contains("\"size\""));
        assertThat(check("d", Map.of("type", "disk", "path", "relative", "source", "/s")))
                .hasValueSatisfying(why -> assertThat(why).contains("\"path\"").contains("must be absolute"));
    }

    @Test
    void aHostDiskNeedsAnAbsoluteExistingSource(@TempDir Path dir) throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path file = Files.writeString(dir.resolve("one-file"), "x");
        assertThat(check("d", Map.of("type", "disk", "path", "/mnt", "source", shared.toString()))).isEmpty();
        assertThat(check("d", Map.of("type", "disk", "path", "/etc/one", "source", file.toString()))).isEmpty();
        assertThat(check("d", Map.of("type", "disk", "path", "/mnt", "source", "shared")))
                .hasValue("Device \"d\": Invalid value for \"source\": the host path \"shared\" must be absolute");
        assertThat(check("d", Map.of("type", "disk", "path", "/mnt", "source", dir.resolve("gone").toString())))
                .hasValue("Device \"d\": Missing source path \"" + dir.resolve("gone") + "\" for disk");
        assertThat(check("d", Map.of("type", "disk", "path", "/mnt", "source", dir.resolve("gone").toString(),
                "required", "false"))).isEmpty();
        assertThat(check("d", Map.of("type", "disk", "path", "/mnt", "source", "volume1", "pool", "default")))
                .isEmpty();
    }

    @Test
    void shiftIsABooleanAndNeedsAnIdmappableFileSystem(@TempDir Path dir) {
        assertThat(check("d", Map.of("type", "disk", "path", "/mnt", "source", dir.toString(), "shift", "true")))
                .isEmpty();
        assertThat(check("d", Map.of("type", "disk", "path", "/mnt", "source", dir.toString(), "shift", "maybe")))
                .hasValue("Device \"d\": Invalid value for \"shift\": Invalid value for a boolean \"maybe\"");
        assertThat(check("d", Map.of("type", "disk", "path", "/mnt", "source", "/proc/self", "shift", "true")))
                .hasValueSatisfying(why -> assertThat(why)
                        .startsWith("Device \"d\": shift=true needs idmapped mounts, which the file system of \"/proc/self\" (proc)"));
        assertThat(check("d", Map.of("type", "disk", "path", "/mnt", "source", "/proc/self", "shift", "false")))
                .isEmpty();
    }

    @Test
    void nicNeedsNetworkOrNictypeButNotBoth() {
        assertThat(check("eth0", Map.of("type", "nic", "name", "eth0")))
                .hasValueSatisfying(why -> assertThat(why).contains("Missing \"network\" or \"nictype\""));
        assertThat(check("eth0", Map.of("type", "nic", "network", "br0", "nictype", "bridged")))
                .hasValue("Device \"eth0\": Cannot use \"nictype\" together with \"network\"");
        assertThat(check("eth0", Map.of("type", "nic", "network", "br0", "parent", "br0")))
                .hasValue("Device \"eth0\": Cannot use \"parent\" together with \"network\"");
        assertThat(check("eth0", Map.of("type", "nic", "nictype", "bridged")))
                .hasValueSatisfying(why -> assertThat(why).contains("needs a parent"));
        assertThat(check("eth0", Map.of("type", "nic", "nictype", "bridged", "parent", "br0", "mtu", "1500",
                "hwaddr", "00:16:3e:00:00:01", "ipv4.address", "10.0.0.5", "vlan", "10"))).isEmpty();
        assertThat(check("eth0", Map.of("type", "nic", "nictype", "routed", "ipv4.address", "10.0.0.5"))).isEmpty();
        assertThat(check("eth0", Map.of("type", "nic", "network", "br0", "mtu", "9")))
                .hasValueSatisfying(why -> assertThat(why).contains("\"mtu\""));
        assertThat(check("eth0", Map.of("type", "nic", "network", "br0", "nictype", "")))
                .isEmpty();
    }

    @Test
    void proxyNeedsListenAndConnectInTheirForm() {
        assertThat(check("p", Map.of("type", "proxy", "listen", "tcp:0.0.0.0:80")))
                .hasValueSatisfying(why -> assertThat(why).contains("Missing \"connect\""));
        assertThat(check("p", Map.of("type", "proxy", "listen", "0.0.0.0:80", "connect", "tcp:127.0.0.1:80")))
                .hasValueSatisfying(why -> assertThat(why).startsWith("Device \"p\": Invalid value for \"listen\""));
        assertThat(check("p", Map.of("type", "proxy", "listen", "tcp:0.0.0.0:80", "connect", "tcp:127.0.0.1:80",
                "bind", "guest"))).hasValueSatisfying(why -> assertThat(why).contains("\"bind\""));
        assertThat(check("p", Map.of("type", "proxy", "listen", "unix:/run/a.sock", "connect", "unix:/run/b.sock",
                "bind", "instance", "uid", "1000", "gid", "1000", "mode", "0660", "nat", "false"))).isEmpty();
    }

    @Test
    void noneTakesNoKeys() {
        assertThat(check("eth0", Map.of("type", "none"))).isEmpty();
        assertThat(check("eth0", Map.of("type", "none", "path", "/x")))
                .hasValue("Device \"eth0\": Invalid device option \"path\" for a none device");
    }

    @Test
    void otherTypesAcceptTheirDocumentedKeys() {
        assertThat(check("fuse", Map.of("type", "unix-char", "source", "/dev/fuse"))).isEmpty();
        assertThat(check("fuse", Map.of("type", "unix-char", "mode", "0666"))).isPresent();
        assertThat(check("gpu", Map.of("type", "gpu", "gputype", "physical", "id", "0"))).isEmpty();
        assertThat(check("usb", Map.of("type", "usb", "vendorid", "0bda"))).isEmpty();
        assertThat(check("tpm", Map.of("type", "tpm", "path", "/dev/tpm0"))).isEmpty();
        assertThat(check("pci", Map.of("type", "pci", "address", "0000:01:00.0"))).isEmpty();
        assertThat(check("ib", Map.of("type", "infiniband", "nictype", "physical", "parent", "ib0"))).isEmpty();
        assertThat(check("hp", Map.of("type", "unix-hotplug", "vendorid", "0bda"))).isEmpty();
        assertThat(check("hp", Map.of("type", "unix-block", "source", "/dev/sda"))).isEmpty();
    }

    @Test
    void deviceNamesMustBeUsable() {
        assertThat(check("a/b", Map.of("type", "none")))
                .hasValueSatisfying(why -> assertThat(why).startsWith("Invalid device name \"a/b\""));
        assertThat(check("", Map.of("type", "none"))).isPresent();
    }
}
