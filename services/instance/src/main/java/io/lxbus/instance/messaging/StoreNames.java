package io.lxbus.instance.messaging;

/** The state stores of the instance topology; each local one has a changelog topic {@code <application.id>-<name>-changelog}. */
public final class StoreNames {
    /** Profiles by {@code <project>/<name>}. */
    public static final String PROFILES = "profiles";
    /** Results of handled commands by command id, forgotten after a retention period. */
    public static final String HANDLED_COMMANDS = "handled-commands";
    /** Per project the revision counter ({@code revision/<project>}); per lifecycle key the last seq ({@code seq/<key>}). */
    public static final String COUNTERS = "counters";
    /** Instances by {@code <project>/<name>}: the records this service writes. */
    public static final String INSTANCES = "instances";
    /** Creation notes ({@code start}, the failure) by {@code <project>/<name>} while a create is in flight. */
    public static final String CREATIONS = "creations";
    /** Snapshots by {@code <project>/<instance>/<snapshot>}: the records this service writes. */
    public static final String SNAPSHOTS = "snapshots";
    /** Restore notes (the command's ids, the snapshot, whether to start again) by {@code <project>/<name>}. */
    public static final String RESTORATIONS = "restorations";
    /** Local copy of {@code lxbus.idmap.maps} by {@code <project>/<name>}. */
    public static final String IDMAPS = "idmaps";
    /** Local copy of {@code lxbus.storage.volumes} by {@code <project>/<pool>/<type>/<name>}. */
    public static final String VOLUMES = "volumes";
    /** Local copy of {@code lxbus.storage.images} by {@code <project>/<fingerprint>}. */
    public static final String IMAGES = "images";
    /** Local copy of {@code lxbus.storage.image-aliases} by {@code <project>/<alias>}. */
    public static final String ALIASES = "image-aliases";
    /** Local copy of {@code lxbus.executor.runtime} by {@code <project>/<name>}. */
    public static final String RUNTIME = "runtime";
    /** Global store of {@code lxbus.storage.pools} by pool name (no changelog: the topic is its source). */
    public static final String POOLS = "pools";
    /** Global store of {@code lxbus.executor.hosts} by host name (no changelog: the topic is its source). */
    public static final String HOSTS = "hosts";
    /** Global: the shared id map (one record). */
    public static final String SHARED_IDMAP = "shared-idmap";

    private StoreNames() {
    }
}
