package io.lxbus.instance.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.lxbus.instance.domain.ValueChecks.absolutePath;
import static io.lxbus.instance.domain.ValueChecks.anyString;
import static io.lxbus.instance.domain.ValueChecks.bool;
import static io.lxbus.instance.domain.ValueChecks.integer;
import static io.lxbus.instance.domain.ValueChecks.ioLimit;
import static io.lxbus.instance.domain.ValueChecks.ipv4;
import static io.lxbus.instance.domain.ValueChecks.ipv6;
import static io.lxbus.instance.domain.ValueChecks.macAddress;
import static io.lxbus.instance.domain.ValueChecks.nonNegative;
import static io.lxbus.instance.domain.ValueChecks.octalMode;
import static io.lxbus.instance.domain.ValueChecks.oneOf;
import static io.lxbus.instance.domain.ValueChecks.size;

/** The device types lxbus knows (LXD's {@code devices_*} docs) and the keys each accepts. */
public final class DeviceTypes {
    private static final Map<String, DeviceType> TYPES = new HashMap<>();
    private static final ValueCheck PROXY_ADDRESS = ProxyAddress::problem;
    private static final List<String> TRUE = List.of("true", "1", "yes", "on");
    /** File systems whose kernel drivers support idmapped mounts (kernel 6.x); the executor keeps the same list. */
    private static final List<String> IDMAPPABLE = List.of("ext4", "ext3", "ext2", "xfs", "btrfs", "tmpfs", "f2fs",
            "vfat", "overlay", "erofs", "squashfs", "fat");

    static {
        add("disk", Map.ofEntries(
                Map.entry("path", absolutePath()),
                Map.entry("source", anyString()),
                Map.entry("pool", anyString()),
                Map.entry("readonly", bool()),
                Map.entry("shift", bool()),
                Map.entry("recursive", bool()),
                Map.entry("propagation", oneOf("private", "shared", "slave", "unbindable", "rprivate", "rshared",
                        "rslave", "runbindable")),
                Map.entry("required", bool()),
                Map.entry("size", size()),
                Map.entry("size.state", size()),
                Map.entry("limits.read", ioLimit()),
                Map.entry("limits.write", ioLimit()),
                Map.entry("limits.max", ioLimit()),
                Map.entry("boot.priority", nonNegative()),
                Map.entry("raw.mount.options", anyString()),
                Map.entry("io.cache", oneOf("none", "writeback", "unsafe")),
                Map.entry("io.bus", oneOf("virtio-scsi", "nvme")),
                Map.entry("ceph.cluster_name", anyString()),
                Map.entry("ceph.user_name", anyString())), DeviceTypes::diskRule);
        add("nic", Map.ofEntries(
                Map.entry("network", anyString()),
                Map.entry("nictype", oneOf("bridged", "macvlan", "sriov", "physical", "ipvlan", "p2p", "routed")),
                Map.entry("parent", anyString()),
                Map.entry("name", anyString()),
                Map.entry("hwaddr", macAddress()),
                Map.entry("mtu", integer(68, 65535)),
                Map.entry("host_name", anyString()),
                Map.entry("ipv4.address", ipv4()),
                Map.entry("ipv6.address", ipv6()),
                Map.entry("ipv4.routes", anyString()),
                Map.entry("ipv6.routes", anyString()),
                Map.entry("ipv4.routes.external", anyString()),
                Map.entry("ipv6.routes.external", anyString()),
                Map.entry("ipv4.gateway", anyString()),
                Map.entry("ipv6.gateway", anyString()),
                Map.entry("ipv4.host_address", ipv4()),
                Map.entry("ipv6.host_address", ipv6()),
                Map.entry("vlan", integer(0, 4094)),
                Map.entry("vlan.tagged", anyString()),
                Map.entry("gvrp", bool()),
                Map.entry("mode", oneOf("l2", "l3s")),
                Map.entry("security.mac_filtering", bool()),
                Map.entry("security.ipv4_filtering", bool()),
                Map.entry("security.ipv6_filtering", bool()),
                Map.entry("security.port_isolation", bool()),
                Map.entry("limits.ingress", anyString()),
                Map.entry("limits.egress", anyString()),
                Map.entry("limits.max", anyString()),
                Map.entry("limits.priority", nonNegative()),
                Map.entry("queue.tx.length", nonNegative()),
                Map.entry("boot.priority", nonNegative()),
                Map.entry("maas.subnet.ipv4", anyString()),
                Map.entry("maas.subnet.ipv6", anyString())), DeviceTypes::nicRule);
        add("proxy", Map.ofEntries(
                Map.entry("listen", PROXY_ADDRESS),
                Map.entry("connect", PROXY_ADDRESS),
                Map.entry("bind", oneOf("host", "instance")),
                Map.entry("nat", bool()),
                Map.entry("proxy_protocol", bool()),
                Map.entry("uid", nonNegative()),
                Map.entry("gid", nonNegative()),
                Map.entry("mode", octalMode()),
                Map.entry("security.uid", nonNegative()),
                Map.entry("security.gid", nonNegative())), DeviceTypes::proxyRule);
        add("none", Map.of(), (device, scope) -> Optional.empty());
        Map<String, ValueCheck> unixDevice = Map.of("source", anyString(), "path", anyString(),
                "major", nonNegative(), "minor", nonNegative(), "uid", nonNegative(), "gid", nonNegative(),
                "mode", octalMode(), "required", bool());
        add("unix-char", unixDevice, DeviceTypes::unixRule);
        add("unix-block", unixDevice, DeviceTypes::unixRule);
        add("usb", Map.of("vendorid", anyString(), "productid", anyString(), "busnum", nonNegative(),
                "devnum", nonNegative(), "uid", nonNegative(), "gid", nonNegative(), "mode", octalMode(),
                "required", bool()), (device, scope) -> Optional.empty());
        add("gpu", Map.ofEntries(Map.entry("gputype", oneOf("physical", "mdev", "mig", "sriov")),
                Map.entry("vendorid", anyString()), Map.entry("productid", anyString()), Map.entry("id", anyString()),
                Map.entry("pci", anyString()), Map.entry("uid", nonNegative()), Map.entry("gid", nonNegative()),
                Map.entry("mode", octalMode()), Map.entry("mdev", anyString()), Map.entry("mig.", anyString())),
                (device, scope) -> Optional.empty());
        add("infiniband", Map.of("nictype", oneOf("physical", "sriov"), "parent", anyString(), "name", anyString(),
                "hwaddr", anyString(), "mtu", integer(68, 65535)), (device, scope) -> Optional.empty());
        add("pci", Map.of("address", anyString()), (device, scope) -> Optional.empty());
        add("tpm", Map.of("path", anyString(), "pathrm", anyString()), (device, scope) -> Optional.empty());
        add("unix-hotplug", Map.of("vendorid", anyString(), "productid", anyString(), "subsystem", anyString(),
                "uid", nonNegative(), "gid", nonNegative(), "mode", octalMode(), "required", bool()),
                (device, scope) -> Optional.empty());
    }

    private DeviceTypes() {
    }

    private static void add(String name, Map<String, ValueCheck> keys,
                            java.util.function.BiFunction<Map<String, String>, ConfigScope, Optional<String>> rule) {
        TYPES.put(name, new DeviceType(name, keys, rule));
    }

    /** The type named {@code name}, or empty when lxbus does not know it. */
    public static Optional<DeviceType> named(String name) {
        return Optional.ofNullable(TYPES.get(name));
    }

    /** Every type name, sorted. */
    public static List<String> names() {
        return TYPES.keySet().stream().sorted().toList();
    }

    private static Optional<String> diskRule(Map<String, String> device, ConfigScope scope) {
        String path = device.get("path");
        if (path == null || path.isEmpty()) {
            return Optional.of("Missing \"path\": a disk needs the path it is mounted at (\"/\" for the root disk)");
        }
        if (path.equals("/")) {
            if (isBlank(device.get("pool"))) {
                return Optional.of("The root disk (path \"/\") needs a \"pool\"");
            }
            if (!isBlank(device.get("source"))) {
                return Optional.of("The root disk (path \"/\") cannot have a \"source\"");
            }
        } else if (isBlank(device.get("source"))) {
            return Optional.of("Missing \"source\": a disk other than the root disk needs a source");
        } else if (isBlank(device.get("pool"))) {
            return hostSourceRule(device);
        }
        return Optional.empty();
    }

    /**
     * A disk that shares a host path, checked as LXD checks it when the device is set: the source is absolute and
     * exists (unless {@code required=false}), and {@code shift=true} only where idmapped mounts work. The check
     * reads this node's file system, as LXD does on the server that validates; with several hosts it belongs to
     * the instance's host (see services/executor/README.md).
     */
    private static Optional<String> hostSourceRule(Map<String, String> device) {
        String source = device.get("source");
        if (!source.startsWith("/")) {
            return Optional.of("Invalid value for \"source\": the host path \"" + source + "\" must be absolute");
        }
        Path path = Path.of(source);
        boolean required = isBlank(device.get("required")) || TRUE.contains(device.get("required").toLowerCase(Locale.ROOT));
        if (!Files.exists(path)) {
            return required ? Optional.of("Missing source path \"" + source + "\" for disk") : Optional.empty();
        }
        if (!isBlank(device.get("shift")) && TRUE.contains(device.get("shift").toLowerCase(Locale.ROOT))) {
            String fileSystem;
            try {
                fileSystem = Files.getFileStore(path).type();
            } catch (IOException e) {
                fileSystem = "unknown";
            }
            if (!IDMAPPABLE.contains(fileSystem) || !kernelCanIdmap()) {
                return Optional.of("shift=true needs idmapped mounts, which " + (kernelCanIdmap()
                        ? "the file system of \"" + source + "\" (" + fileSystem + ") does not support"
                        : "this kernel (" + System.getProperty("os.version") + ", 5.12 or later needed) does not offer"));
            }
        }
        return Optional.empty();
    }

    private static boolean kernelCanIdmap() {
        String[] parts = System.getProperty("os.version", "0.0").split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 5 || (major == 5 && minor >= 12);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<String> nicRule(Map<String, String> device, ConfigScope scope) {
        boolean network = !isBlank(device.get("network"));
        boolean nictype = !isBlank(device.get("nictype"));
        if (network && nictype) {
            return Optional.of("Cannot use \"nictype\" together with \"network\"");
        }
        if (network && !isBlank(device.get("parent"))) {
            return Optional.of("Cannot use \"parent\" together with \"network\"");
        }
        if (!network && !nictype) {
            return Optional.of("Missing \"network\" or \"nictype\": a nic needs one of them");
        }
        String type = device.get("nictype");
        if (nictype && isBlank(device.get("parent")) && !List.of("p2p", "routed").contains(type)) {
            return Optional.of("Missing \"parent\": a nic of nictype \"" + type + "\" needs a parent");
        }
        return Optional.empty();
    }

    private static Optional<String> proxyRule(Map<String, String> device, ConfigScope scope) {
        for (String key : List.of("listen", "connect")) {
            if (isBlank(device.get(key))) {
                return Optional.of("Missing \"" + key + "\": a proxy needs both \"listen\" and \"connect\"");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> unixRule(Map<String, String> device, ConfigScope scope) {
        return isBlank(device.get("source")) && isBlank(device.get("path"))
                ? Optional.of("Missing \"source\" or \"path\": a unix device needs one of them") : Optional.empty();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isEmpty();
    }
}
