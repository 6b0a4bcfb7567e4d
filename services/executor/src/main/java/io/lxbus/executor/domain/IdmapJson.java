package io.lxbus.executor.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lxbus.events.IdmapEntry;

import java.util.List;

/** LXD's id map JSON ({@code volatile.idmap.next}): a list of {@code {Isuid,Isgid,Hostid,Nsid,Maprange}}. */
public final class IdmapJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final TypeReference<List<IdmapEntry>> LIST = new TypeReference<>() {
    };

    private IdmapJson() {
    }

    /** The entries; empty for null, blank or {@code []} (a privileged container). */
    public static List<IdmapEntry> parse(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            List<IdmapEntry> entries = MAPPER.readValue(json, LIST);
            return entries == null ? List.of() : List.copyOf(entries);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("volatile.idmap.next is not an id map: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code lxc.idmap} values: {@code u|g <nsid> <hostid> <range>}, one per direction of each entry, each line
     * once (LXD's {@code ToLxcString}: a raw {@code both} entry sits in the map twice, after the uid and the gid part
     * it splits, and the kernel refuses a line twice).
     */
    public static List<String> lxcLines(List<IdmapEntry> entries) {
        java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
        for (IdmapEntry entry : entries) {
            if (entry.isuid()) {
                lines.add("u " + entry.nsid() + " " + entry.hostid() + " " + entry.maprange());
            }
            if (entry.isgid()) {
                lines.add("g " + entry.nsid() + " " + entry.hostid() + " " + entry.maprange());
            }
        }
        return List.copyOf(lines);
    }

    /** The host id an id inside the container maps to, for uids or gids; -1 when unmapped. */
    public static long hostId(List<IdmapEntry> entries, long nsId, boolean uid) {
        for (IdmapEntry entry : entries) {
            if ((uid ? entry.isuid() : entry.isgid()) && nsId >= entry.nsid() && nsId < entry.nsid() + entry.maprange()) {
                return entry.hostid() + (nsId - entry.nsid());
            }
        }
        return -1;
    }

    /** The id inside the container that a host id maps to, for uids or gids; -1 when unmapped. */
    public static long nsId(List<IdmapEntry> entries, long hostId, boolean uid) {
        for (IdmapEntry entry : entries) {
            if ((uid ? entry.isuid() : entry.isgid()) && hostId >= entry.hostid()
                    && hostId < entry.hostid() + entry.maprange()) {
                return entry.nsid() + (hostId - entry.hostid());
            }
        }
        return -1;
    }

    /**
     * Where a file's owner goes when a tree shifted into {@code from} is shifted into {@code to} (an empty map is
     * an unshifted tree); -1 leaves it as it is (an id that neither map covers).
     */
    public static long reshift(List<IdmapEntry> from, List<IdmapEntry> to, long onDisk, boolean uid) {
        long inside = from.isEmpty() ? onDisk : nsId(from, onDisk, uid);
        if (inside < 0) {
            return -1;
        }
        return to.isEmpty() ? inside : hostId(to, inside, uid);
    }

    /** The entries back from {@link #lxcLines} ({@code u|g <nsid> <hostid> <range>} per line). */
    public static List<IdmapEntry> fromLxcLines(String text) {
        List<IdmapEntry> entries = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 4 || !(f[0].equals("u") || f[0].equals("g"))) {
                continue;
            }
            entries.add(new IdmapEntry(f[0].equals("u"), f[0].equals("g"), Long.parseLong(f[2]), Long.parseLong(f[1]),
                    Long.parseLong(f[3])));
        }
        return entries;
    }

    /** Whether two maps map the same ids, however their entries are split or ordered. */
    public static boolean sameMap(List<IdmapEntry> a, List<IdmapEntry> b) {
        return new java.util.TreeSet<>(lxcLines(a)).equals(new java.util.TreeSet<>(lxcLines(b)));
    }
}
