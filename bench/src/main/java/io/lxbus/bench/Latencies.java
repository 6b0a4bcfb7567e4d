package io.lxbus.bench;

import java.util.Arrays;

/** Wall-clock samples of one operation and their percentiles, in milliseconds. */
public final class Latencies {
    private final String name;
    private long[] nanos = new long[64];
    private int count;

    public Latencies(String name) {
        this.name = name;
    }

    /** Records one sample. */
    public void add(long elapsedNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = elapsedNanos;
    }

    /** The nearest-rank percentile (0 < p ≤ 100) in milliseconds. */
    public double percentile(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    public int count() {
        return count;
    }

    /** One table row: name, samples, p50, p90, p99, max. */
    public String row() {
        return String.format("%-28s %6d %9.3f %9.3f %9.3f %9.3f", name, count, percentile(50), percentile(90),
                percentile(99), percentile(100));
    }

    /** The header that goes with {@link #row()}. */
    public static String header() {
        return String.format("%-28s %6s %9s %9s %9s %9s", "operation (ms)", "n", "p50", "p90", "p99", "max");
    }
}
