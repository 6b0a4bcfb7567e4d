package io.lxbus.idmap.domain;

/**
 * What /etc/subuid and /etc/subgid grant root: the host ids lxbus may map into containers.
 *
 * @param uids root's user id ranges
 * @param gids root's group id ranges
 */
public record RootAllocation(IdRanges uids, IdRanges gids) {
    /** Nothing allocated (no file, or no line for root). */
    public static final RootAllocation NONE = new RootAllocation(IdRanges.NONE, IdRanges.NONE);

    @Override
    public String toString() {
        return "uids " + uids + ", gids " + gids;
    }
}
