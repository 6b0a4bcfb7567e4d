package io.lxbus.idmap.domain;

/**
 * A block of consecutive ids: {@code size} ids from {@code start}, as one line of /etc/subuid grants them.
 *
 * @param start the first id
 * @param size  how many ids (at least 1)
 */
public record IdRange(long start, long size) {
    /** The largest id a kernel id map accepts (2^32 - 2; -1 is "no id"). */
    public static final long MAX_ID = 4_294_967_294L;

    public IdRange {
        if (start < 0 || size < 1 || start + size - 1 > MAX_ID) {
            throw new IllegalArgumentException("Invalid id range " + start + " (+" + size + ")");
        }
    }

    /** The last id of the range (inclusive). */
    public long end() {
        return start + size - 1;
    }

    /** Whether every id of {@code other} lies in this range. */
    public boolean contains(IdRange other) {
        return other.start >= start && other.end() <= end();
    }

    /** Whether the two ranges share at least one id. */
    public boolean overlaps(IdRange other) {
        return other.start <= end() && start <= other.end();
    }

    /** Whether the two ranges overlap or touch, so their union is one range. */
    boolean joins(IdRange other) {
        return other.start <= end() + 1 && start <= other.end() + 1;
    }

    @Override
    public String toString() {
        return start + "-" + end();
    }
}
