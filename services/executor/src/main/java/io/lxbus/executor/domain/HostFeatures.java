package io.lxbus.executor.domain;

import java.util.List;

/**
 * What the host offers that changes a rendered config, probed once at start.
 *
 * @param cgroups        where the controllers live
 * @param idmappedMounts whether liblxc and the kernel can shift a root file system with an idmapped mount
 * @param apparmor       whether AppArmor is enabled
 * @param cpus           the CPUs containers may use, in order
 * @param memoryBytes    the host's memory, for percentage limits
 */
public record HostFeatures(CgroupLayout cgroups, boolean idmappedMounts, boolean apparmor, List<Integer> cpus,
                           long memoryBytes) {
}
