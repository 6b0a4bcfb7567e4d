package io.lxbus.executor.driver;

/**
 * What a driver can do; generic code asks these flags, never the driver's type.
 *
 * @param name           its registry name ({@code lxc}, later {@code qemu})
 * @param instanceType   the instance type it runs ({@code container}, {@code virtual-machine})
 * @param canFreeze      freeze/unfreeze work
 * @param liveLimits     limits can change while it runs
 * @param idmappedMounts root file systems are shifted by idmapped mounts on this host (else by a chown walk)
 */
public record DriverInfo(String name, String instanceType, boolean canFreeze, boolean liveLimits,
                         boolean idmappedMounts) {
}
