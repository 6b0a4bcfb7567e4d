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

    /** The {@code lxc.idmap} values: {@code u|g <nsid> <hostid> <range>}, one per direction of each entry. */
    public static List<String> lxcLines(List<IdmapEntry> entries) {
        List<String> lines = new java.util.ArrayList<>();
        for (IdmapEntry entry : entries) {
            if (entry.isuid()) {
                lines.add("u " + entry.nsid() + " " + entry.hostid() + " " + entry.maprange());
            }
            if (entry.isgid()) {
                lines.add("g " + entry.nsid() + " " + entry.hostid() + " " + entry.maprange());
            }
        }
        return lines;
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
}
