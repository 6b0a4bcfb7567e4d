package io.lxbus.instance.domain;

/**
 * One line of {@code raw.idmap}: a block of host ids mapped onto a block of container ids of the same size.
 *
 * @param kind      which ids the line maps
 * @param hostStart the first host id
 * @param nsStart   the first id inside the container
 * @param size      how many ids
 */
public record IdmapEntry(Kind kind, long hostStart, long nsStart, long size) {

    /** Which ids a line maps. */
    public enum Kind {
        /** User and group ids. */
        BOTH,
        /** User ids only. */
        UID,
        /** Group ids only. */
        GID
    }
}
