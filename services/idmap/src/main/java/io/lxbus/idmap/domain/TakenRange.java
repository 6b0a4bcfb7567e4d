package io.lxbus.idmap.domain;

/**
 * Host ids an isolated instance already holds on the same host (one range for its uids and gids alike, as in LXD).
 *
 * @param range the ids
 * @param owner who holds them, for messages ({@code instance "c1" in project "default"})
 */
public record TakenRange(IdRange range, String owner) {
}
