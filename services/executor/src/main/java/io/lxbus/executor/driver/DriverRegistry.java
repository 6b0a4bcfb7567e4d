package io.lxbus.executor.driver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Drivers by name, and which one runs an instance type. */
public final class DriverRegistry {
    private final Map<String, InstanceDriver> byName = new LinkedHashMap<>();

    /** Adds a driver under its {@link DriverInfo#name()}. */
    public DriverRegistry register(InstanceDriver driver) {
        byName.put(driver.info().name(), driver);
        return this;
    }

    /** The registered driver names, such as {@code ["lxc"]}. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Every driver. */
    public List<InstanceDriver> all() {
        return List.copyOf(byName.values());
    }

    /** The driver for an instance type ({@code container} when null). */
    public InstanceDriver forType(String instanceType) {
        String type = instanceType == null || instanceType.isBlank() ? "container" : instanceType;
        for (InstanceDriver driver : byName.values()) {
            if (driver.info().instanceType().equals(type)) {
                return driver;
            }
        }
        throw new DriverException("Instance type \"" + type + "\" is not supported on this host");
    }
}
