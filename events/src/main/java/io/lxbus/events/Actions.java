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

    private Actions() {
    }
}
