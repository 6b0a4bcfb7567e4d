package io.lxbus.storage.driver;

/**
 * What a storage driver can do; generic code asks these flags, never the driver's type.
 *
 * @param name             the driver's name in pool records ({@code dir}, {@code btrfs})
 * @param optimizedImages  images are unpacked once per pool and instances cloned from that copy
 * @param copyOnWrite      clones share blocks with the image (snapshots, reflinks) instead of copying
 * @param blockVolumes     it can hold block volumes (for VMs)
 * @param remote           its volumes are reachable from other hosts
 * @param runningCopyFreeze a running instance must be frozen for a consistent copy of it (LXD's flag of that name)
 */
public record DriverInfo(String name, boolean optimizedImages, boolean copyOnWrite, boolean blockVolumes,
                         boolean remote, boolean runningCopyFreeze) {
}
