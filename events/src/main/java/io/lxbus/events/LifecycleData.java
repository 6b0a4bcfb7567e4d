package io.lxbus.events;

import java.util.Map;

/**
 * LXD's lifecycle event metadata, as the {@code lxc} client reads it.
 *
 * @param action    an {@link Actions} name, such as {@code profile-created}
 * @param source    the resource's API path
 * @param context   extra facts about the action; may be empty
 * @param requestor who caused it; null for facts nobody asked for (a container that died)
 */
public record LifecycleData(String action, String source, Map<String, Object> context, Requestor requestor) {
}
