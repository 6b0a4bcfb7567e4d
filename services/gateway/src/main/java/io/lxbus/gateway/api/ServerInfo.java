package io.lxbus.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code GET /1.0} answer, shaped as LXD 5.0.2's and encoded once at start. */
final class ServerInfo {
    private ServerInfo() {
    }

    /** The whole response body. */
    static byte[] encode() {
        return Envelopes.sync(metadata());
    }

    static Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("config", Map.of());
        metadata.put("api_extensions", extensions());
        metadata.put("api_status", "stable");
        metadata.put("api_version", "1.0");
        metadata.put("auth", "trusted");
        metadata.put("public", false);
        metadata.put("auth_methods", List.of("tls"));
        metadata.put("environment", environment());
        return metadata;
    }

    /** LXD 5.0.2's 318 API extensions, in its order. */
    static List<String> extensions() {
        try (InputStream in = ServerInfo.class.getResourceAsStream("/lxd-api-extensions.txt")) {
            if (in == null) {
                throw new IllegalStateException("lxd-api-extensions.txt is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> environment() {
        String arch = kernelArchitecture();
        Map<String, String> osRelease = osRelease();
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("addresses", List.of());
        env.put("architectures", architectures(arch));
        env.put("certificate", "");
        env.put("certificate_fingerprint", "");
        env.put("driver", drivers());
        env.put("driver_version", liblxcVersion());
        env.put("firewall", "nftables");
        env.put("kernel", "Linux");
        env.put("kernel_architecture", arch);
        String kernel = read("/proc/sys/kernel/osrelease", System.getProperty("os.version"));
        env.put("kernel_features", kernelFeatures(kernel));
        env.put("kernel_version", kernel);
        env.put("lxc_features", Map.of());
        env.put("os_name", osRelease.getOrDefault("NAME", ""));
        env.put("os_version", osRelease.getOrDefault("VERSION_ID", ""));
        env.put("project", "default");
        env.put("server", "lxd");
        env.put("server_clustered", false);
        env.put("server_event_mode", "full-mesh");
        env.put("server_name", hostname());
        env.put("server_pid", ProcessHandle.current().pid());
        env.put("server_version", "5.0.2");
        env.put("storage", "dir");
        env.put("storage_version", "1");
        env.put("storage_supported_drivers", storageDrivers());
        return env;
    }

    /** {@code lxc}, plus {@code qemu} when a QEMU system emulator is on the PATH. */
    static String drivers() {
        return onPath("qemu-system-" + kernelArchitecture()) ? "lxc | qemu" : "lxc";
    }

    /** liblxc's version as its library's file name tells it ({@code liblxc.so.1.7.0} → {@code 1.7.0}); empty if absent. */
    static String liblxcVersion() {
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/local/lib")) {
            try (var files = Files.list(Path.of(dir))) {
                var found = files.map(path -> path.getFileName().toString())
                        .filter(name -> name.startsWith("liblxc.so.") && name.length() > "liblxc.so.".length())
                        .max(String::compareTo);
                if (found.isPresent()) {
                    return found.get().substring("liblxc.so.".length());
                }
            } catch (IOException | RuntimeException e) {
                // not there: try the next folder
            }
        }
        return "";
    }

    /** LXD's kernel feature flags, judged from the kernel version (the version each feature arrived in). */
    static Map<String, Object> kernelFeatures(String kernel) {
        int[] version = kernelVersion(kernel);
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("idmapped_mounts", atLeast(version, 5, 12));
        features.put("netnsid_getifaddrs", atLeast(version, 4, 16));
        features.put("seccomp_listener", atLeast(version, 5, 0));
        features.put("seccomp_listener_continue", atLeast(version, 5, 5));
        features.put("shiftfs", "false");
        features.put("uevent_injection", atLeast(version, 4, 18));
        features.put("unpriv_fscaps", atLeast(version, 4, 14));
        return features;
    }

    private static int[] kernelVersion(String kernel) {
        int[] out = new int[2];
        if (kernel == null) {
            return out;
        }
        String[] parts = kernel.split("[^0-9]+", 3);
        for (int i = 0; i < 2 && i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                return out;
            }
        }
        return out;
    }

    private static String atLeast(int[] version, int major, int minor) {
        return String.valueOf(version[0] > major || (version[0] == major && version[1] >= minor));
    }

    /** {@code dir} always; {@code btrfs} when the kernel knows the file system. */
    static List<Map<String, Object>> storageDrivers() {
        String filesystems = read("/proc/filesystems", "");
        return filesystems != null && filesystems.contains("btrfs")
                ? List.of(driver("dir", "1"), driver("btrfs", "")) : List.of(driver("dir", "1"));
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> driver(String name, String version) {
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("Name", name);
        driver.put("Version", version);
        driver.put("Remote", false);
        return driver;
    }

    /** The kernel's machine name ({@code uname -m}). */
    static String kernelArchitecture() {
        String arch = System.getProperty("os.arch", "");
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "x86_64";
            case "aarch64":
            case "arm64":
                return "aarch64";
            default:
                return arch;
        }
    }

    /** The architectures the host runs, as LXD lists them (the native one and its 32-bit personality). */
    static List<String> architectures(String arch) {
        switch (arch) {
            case "x86_64":
                return List.of("x86_64", "i686");
            case "aarch64":
                return List.of("aarch64", "armv7l");
            default:
                return List.of(arch);
        }
    }

    private static String hostname() {
        String name = read("/proc/sys/kernel/hostname", null);
        if (name != null && !name.isEmpty()) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static Map<String, String> osRelease() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String file : List.of("/etc/os-release", "/usr/lib/os-release")) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(path)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim().replaceAll("^\"|\"$", ""));
                    }
                }
                return values;
            } catch (IOException e) {
                // try the next file
            }
        }
        return values;
    }

    private static String read(String file, String fallback) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return fallback;
        }
    }
}
