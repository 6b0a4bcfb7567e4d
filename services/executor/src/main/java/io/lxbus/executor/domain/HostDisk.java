package io.lxbus.executor.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code disk} device that shares a host path with a container ({@code source} on the host, {@code path}
 * inside); the root disk and pool volumes are not host disks.
 *
 * @param name      the device name
 * @param source    the absolute host path (a folder or a file)
 * @param path      the absolute path inside the container
 * @param readonly  mounted read-only
 * @param shift     mounted idmapped into the container's user namespace (host root-owned files owned by its root)
 * @param recursive mounts under {@code source} come along (a recursive bind)
 * @param required  a missing source fails the start (else the disk is skipped)
 */
public record HostDisk(String name, String source, String path, boolean readonly, boolean shift, boolean recursive,
                       boolean required) {

    /** The host disks among an instance's expanded devices, parents before children (by path, then name). */
    public static List<HostDisk> of(Map<String, Map<String, String>> devices) {
        List<HostDisk> disks = new ArrayList<>();
        if (devices == null) {
            return disks;
        }
        devices.forEach((name, device) -> {
            if (device == null || !"disk".equals(device.get("type"))) {
                return;
            }
            String source = device.get("source");
            String path = device.get("path");
            boolean pool = device.get("pool") != null && !device.get("pool").isEmpty();
            if (pool || source == null || source.isEmpty() || path == null || path.isEmpty() || path.equals("/")) {
                return;
            }
            disks.add(new HostDisk(name, source, normalize(path), isTrue(device.get("readonly")),
                    isTrue(device.get("shift")), isTrue(device.get("recursive")),
                    device.get("required") == null || device.get("required").isEmpty()
                            || isTrue(device.get("required"))));
        });
        disks.sort(Comparator.comparing(HostDisk::path).thenComparing(HostDisk::name));
        return disks;
    }

    /**
     * The {@code lxc.mount.entry} value that mounts it at start: a bind (recursive on request) that creates its
     * target, read-only on request, idmapped into the container ({@code idmap=container}) when {@code idmapped}.
     *
     * @param file     the source is a file, not a folder
     * @param idmapped mount it idmapped (shift on an unprivileged container)
     */
    public String mountEntry(boolean file, boolean idmapped) {
        StringBuilder options = new StringBuilder(recursive ? "rbind" : "bind");
        options.append(file ? ",create=file" : ",create=dir");
        if (readonly) {
            options.append(",ro");
        }
        if (idmapped) {
            options.append(",idmap=container");
        }
        if (!required) {
            options.append(",optional");
        }
        return escape(source) + " " + escape(path.substring(1)) + " none " + options + " 0 0";
    }

    /** fstab escaping (liblxc reads mount entries with getmntent): space, tab, newline and backslash as octal. */
    static String escape(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            switch (c) {
                case ' ' -> out.append("\\040");
                case '\t' -> out.append("\\011");
                case '\n' -> out.append("\\012");
                case '\\' -> out.append("\\134");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String normalize(String path) {
        String clean = path.replaceAll("/+", "/");
        return clean.length() > 1 && clean.endsWith("/") ? clean.substring(0, clean.length() - 1) : clean;
    }

    private static boolean isTrue(String value) {
        return value != null && List.of("true", "1", "yes", "on").contains(value.trim().toLowerCase(Locale.ROOT));
    }
}
