package io.lxbus.gateway.domain;

import io.lxbus.events.Image;
import io.lxbus.events.Instance;
import io.lxbus.events.Keys;
import io.lxbus.events.Profile;
import io.lxbus.events.Volume;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** LXD's {@code used_by} lists: which API objects use a profile, image, volume or pool, from the views. */
public final class UsedBy {
    private UsedBy() {
    }

    /** Instances that apply the profile. */
    public static List<String> profile(Profile profile, Collection<Instance> instances) {
        TreeSet<String> out = new TreeSet<>();
        for (Instance instance : instances) {
            if (instance.project().equals(profile.project()) && instance.profiles() != null
                    && instance.profiles().contains(profile.name())) {
                out.add(Keys.source("instances", instance.project(), instance.name()));
            }
        }
        return new ArrayList<>(out);
    }

    /** Instances made from the image. */
    public static List<String> image(Image image, Collection<Instance> instances) {
        TreeSet<String> out = new TreeSet<>();
        for (Instance instance : instances) {
            if (instance.project().equals(image.project()) && image.fingerprint().equals(baseImage(instance))) {
                out.add(Keys.source("instances", instance.project(), instance.name()));
            }
        }
        return new ArrayList<>(out);
    }

    /** A root volume is used by its instance; a custom volume by instances with a disk device on it. */
    public static List<String> volume(Volume volume, Collection<Instance> instances) {
        if ("container".equals(volume.type()) || "virtual-machine".equals(volume.type())) {
            return List.of(Keys.source("instances", volume.project(), volume.name()));
        }
        if (!"custom".equals(volume.type())) {
            return List.of();
        }
        TreeSet<String> out = new TreeSet<>();
        for (Instance instance : instances) {
            if (instance.project().equals(volume.project()) && usesDisk(instance.expandedDevices(), volume.pool(),
                    volume.name())) {
                out.add(Keys.source("instances", instance.project(), instance.name()));
            }
        }
        return new ArrayList<>(out);
    }

    /** A pool is used by its volumes (as the objects they stand for) and by profiles with a disk on it. */
    public static List<String> pool(String pool, Collection<Volume> volumes, Collection<Profile> profiles) {
        TreeSet<String> out = new TreeSet<>();
        for (Volume volume : volumes) {
            if (!pool.equals(volume.pool())) {
                continue;
            }
            switch (volume.type()) {
                case "container":
                case "virtual-machine":
                    out.add(Keys.source("instances", volume.project(), volume.name()));
                    break;
                case "image":
                    out.add(Keys.source("images", volume.project(), volume.name()));
                    break;
                default:
                    out.add(LxdStorage.volumeUrl(volume));
            }
        }
        for (Profile profile : profiles) {
            if (usesPool(profile.devices(), pool)) {
                out.add(Keys.source("profiles", profile.project(), profile.name()));
            }
        }
        return new ArrayList<>(out);
    }

    /** The fingerprint an instance was made from. */
    public static String baseImage(Instance instance) {
        if (instance.source() != null && instance.source().fingerprint() != null) {
            return instance.source().fingerprint();
        }
        return instance.config() == null ? null : instance.config().get("volatile.base_image");
    }

    private static boolean usesDisk(Map<String, Map<String, String>> devices, String pool, String name) {
        if (devices == null) {
            return false;
        }
        for (Map<String, String> device : devices.values()) {
            if (device != null && "disk".equals(device.get("type")) && pool.equals(device.get("pool"))
                    && name.equals(device.get("source"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean usesPool(Map<String, Map<String, String>> devices, String pool) {
        if (devices == null) {
            return false;
        }
        for (Map<String, String> device : devices.values()) {
            if (device != null && "disk".equals(device.get("type")) && pool.equals(device.get("pool"))) {
                return true;
            }
        }
        return false;
    }
}
