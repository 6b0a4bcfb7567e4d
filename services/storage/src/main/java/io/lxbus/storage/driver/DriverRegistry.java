package io.lxbus.storage.driver;

import io.lxbus.storage.driver.dir.DirDriver;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Storage drivers by name. */
public final class DriverRegistry {
    private final Map<String, Supplier<StorageDriver>> factories = new TreeMap<>();
    private final Map<String, StorageDriver> loaded = new java.util.concurrent.ConcurrentHashMap<>();

    /** The drivers lxbus ships. */
    public static DriverRegistry standard() {
        DriverRegistry registry = new DriverRegistry();
        registry.register(DirDriver.NAME, DirDriver::new);
        return registry;
    }

    /** Adds a driver under its name. */
    public void register(String name, Supplier<StorageDriver> factory) {
        factories.put(name, factory);
    }

    /** The driver of that name, made on first use. */
    public Optional<StorageDriver> driver(String name) {
        Supplier<StorageDriver> factory = factories.get(name);
        return factory == null ? Optional.empty() : Optional.of(loaded.computeIfAbsent(name, n -> factory.get()));
    }

    /** The names of every driver. */
    public java.util.Set<String> names() {
        return factories.keySet();
    }
}
