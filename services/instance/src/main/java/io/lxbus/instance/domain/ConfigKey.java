package io.lxbus.instance.domain;

/**
 * One row of the config table.
 *
 * @param name  the key, or a prefix ending in {@code .} for a family such as {@code user.}
 * @param check what its value must look like
 * @param doc   what it does, in one line
 * @param live  whether a running instance picks up a change without a restart
 */
public record ConfigKey(String name, ValueCheck check, String doc, boolean live) {
}
