package io.lxbus.executor.domain;

import io.lxbus.events.IdmapEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * How ids inside a container relate to the owners stored on its root file system's disk. With an idmapped mount (or
 * a privileged container) the disk holds the container's own ids; after the chown fallback ({@link RootShift#CHOWNED})
 * it holds host ids of the container's map.
 *
 * @param map the map the files were chowned into; empty when the disk holds the container's ids
 */
public record DiskIds(List<IdmapEntry> map) {
    /** The kernel's overflow id: what a container sees for a host id outside its map. */
    public static final long OVERFLOW = 65534;
    /** The disk holds the container's ids as they are. */
    public static final DiskIds UNSHIFTED = new DiskIds(List.of());

    /** From the chown fallback's marker ({@code lxc.idmap} values, one a line); blank means unshifted. */
    public static DiskIds fromMarker(String lxcLines) {
        if (lxcLines == null || lxcLines.isBlank()) {
            return UNSHIFTED;
        }
        List<IdmapEntry> entries = new ArrayList<>();
        for (String line : lxcLines.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 4 || !(f[0].equals("u") || f[0].equals("g"))) {
                throw new IllegalArgumentException("Not an lxc.idmap value: " + line);
            }
            boolean uid = f[0].equals("u");
            entries.add(new IdmapEntry(uid, !uid, Long.parseLong(f[2]), Long.parseLong(f[1]), Long.parseLong(f[3])));
        }
        return new DiskIds(List.copyOf(entries));
    }

    /** Whether the disk holds host ids. */
    public boolean shifted() {
        return !map.isEmpty();
    }

    /** The owner to store on disk for a container id; refuses ids the container cannot have. */
    public long toDisk(long containerId, boolean uid) {
        if (!shifted()) {
            return containerId;
        }
        long host = IdmapJson.hostId(map, containerId, uid);
        if (host < 0) {
            throw new IllegalArgumentException((uid ? "uid " : "gid ") + containerId
                    + " is not mapped into the instance");
        }
        return host;
    }

    /** The id the container sees for an owner stored on disk ({@link #OVERFLOW} when outside its map). */
    public long fromDisk(long diskId, boolean uid) {
        if (!shifted()) {
            return diskId;
        }
        for (IdmapEntry entry : map) {
            if ((uid ? entry.isuid() : entry.isgid()) && diskId >= entry.hostid()
                    && diskId < entry.hostid() + entry.maprange()) {
                return entry.nsid() + (diskId - entry.hostid());
            }
        }
        return OVERFLOW;
    }
}
