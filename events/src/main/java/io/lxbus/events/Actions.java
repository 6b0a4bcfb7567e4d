package io.lxbus.events;

/** LXD's lifecycle action names, the only place they are spelled. */
public final class Actions {
    /** A profile was created. */
    public static final String PROFILE_CREATED = "profile-created";
    /** A profile's config, devices or description changed. */
    public static final String PROFILE_UPDATED = "profile-updated";
    /** A profile got a new name. */
    public static final String PROFILE_RENAMED = "profile-renamed";
    /** A profile was deleted. */
    public static final String PROFILE_DELETED = "profile-deleted";

    /** An instance was created. */
    public static final String INSTANCE_CREATED = "instance-created";
    /** An instance's config, devices, profiles or description changed. */
    public static final String INSTANCE_UPDATED = "instance-updated";
    /** An instance got a new name. */
    public static final String INSTANCE_RENAMED = "instance-renamed";
    /** An instance was deleted. */
    public static final String INSTANCE_DELETED = "instance-deleted";
    /** An instance is running (after a start). */
    public static final String INSTANCE_STARTED = "instance-started";
    /** An instance stopped: forced, or on its own. */
    public static final String INSTANCE_STOPPED = "instance-stopped";
    /** An instance shut down cleanly when asked. */
    public static final String INSTANCE_SHUTDOWN = "instance-shutdown";
    /** An instance was restarted. */
    public static final String INSTANCE_RESTARTED = "instance-restarted";
    /** An instance was frozen. */
    public static final String INSTANCE_PAUSED = "instance-paused";
    /** A frozen instance was thawed. */
    public static final String INSTANCE_RESUMED = "instance-resumed";
    /** A command was run inside an instance ({@code lxc exec}). */
    public static final String INSTANCE_EXEC = "instance-exec";
    /** An instance was restored from a snapshot. */
    public static final String INSTANCE_RESTORED = "instance-restored";
    /** A snapshot of an instance was taken. */
    public static final String INSTANCE_SNAPSHOT_CREATED = "instance-snapshot-created";
    /** A snapshot's expiry or description changed. */
    public static final String INSTANCE_SNAPSHOT_UPDATED = "instance-snapshot-updated";
    /** A snapshot got a new name. */
    public static final String INSTANCE_SNAPSHOT_RENAMED = "instance-snapshot-renamed";
    /** A snapshot was deleted. */
    public static final String INSTANCE_SNAPSHOT_DELETED = "instance-snapshot-deleted";
    /** A file, directory or symlink was written into an instance ({@code context.path}). */
    public static final String INSTANCE_FILE_PUSHED = "instance-file-pushed";
    /** A file, directory listing or symlink was read from an instance ({@code context.path}). */
    public static final String INSTANCE_FILE_RETRIEVED = "instance-file-retrieved";
    /** A file or empty directory was removed from an instance ({@code context.path}). */
    public static final String INSTANCE_FILE_DELETED = "instance-file-deleted";
    /** A client attached to an instance's console ({@code context.type}). */
    public static final String INSTANCE_CONSOLE = "instance-console";
    /** An instance's console log was read. */
    public static final String INSTANCE_CONSOLE_RETRIEVED = "instance-console-retrieved";
    /** An instance's console log was cleared. */
    public static final String INSTANCE_CONSOLE_RESET = "instance-console-reset";
    /** One of an instance's log files was read ({@code context.file}). */
    public static final String INSTANCE_LOG_RETRIEVED = "instance-log-retrieved";
    /** The facts about an instance's data that any producer may ask the instance service to record. */
    public static final java.util.Set<String> ACCESS_ACTIONS = java.util.Set.of(INSTANCE_FILE_PUSHED,
            INSTANCE_FILE_RETRIEVED, INSTANCE_FILE_DELETED, INSTANCE_CONSOLE, INSTANCE_CONSOLE_RETRIEVED,
            INSTANCE_CONSOLE_RESET, INSTANCE_LOG_RETRIEVED);
    /** An image was imported. */
    public static final String IMAGE_CREATED = "image-created";
    /** An image's properties changed. */
    public static final String IMAGE_UPDATED = "image-updated";
    /** An image was deleted. */
    public static final String IMAGE_DELETED = "image-deleted";
    /** An image alias was created. */
    public static final String IMAGE_ALIAS_CREATED = "image-alias-created";
    /** An image alias was changed. */
    public static final String IMAGE_ALIAS_UPDATED = "image-alias-updated";
    /** An image alias was renamed. */
    public static final String IMAGE_ALIAS_RENAMED = "image-alias-renamed";
    /** An image alias was deleted. */
    public static final String IMAGE_ALIAS_DELETED = "image-alias-deleted";
    /** A storage pool was created. */
    public static final String STORAGE_POOL_CREATED = "storage-pool-created";
    /** A storage volume was created. */
    public static final String STORAGE_VOLUME_CREATED = "storage-volume-created";
    /** A storage volume was deleted. */
    public static final String STORAGE_VOLUME_DELETED = "storage-volume-deleted";

    private Actions() {
    }
}
