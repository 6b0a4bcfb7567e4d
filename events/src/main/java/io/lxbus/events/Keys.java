package io.lxbus.events;

/** How records are keyed and resources addressed, so every producer agrees. */
public final class Keys {
    /** The project every resource lives in until projects arrive. */
    public static final String DEFAULT_PROJECT = "default";

    private Keys() {
    }

    /** A state record's key: {@code <project>/<name>}. */
    public static String resource(String project, String name) {
        return project + "/" + name;
    }

    /** A volume's key: {@code <project>/<pool>/<type>/<name>}. */
    public static String volume(String project, String pool, String type, String name) {
        return project + "/" + pool + "/" + type + "/" + name;
    }

    /** A snapshot's key: {@code <project>/<instance>/<snapshot>}. */
    public static String snapshot(String project, String instance, String name) {
        return project + "/" + instance + "/" + name;
    }

    /** The project part of a project-scoped key. */
    public static String projectOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    /** LXD's API path for a resource, with the project only outside the default one. */
    public static String source(String collection, String project, String name) {
        String path = "/1.0/" + collection + "/" + name;
        return DEFAULT_PROJECT.equals(project) ? path : path + "?project=" + project;
    }

    /** A lifecycle event's key: the API path always with its project, so keys never collide. */
    public static String apiPath(String collection, String project, String name) {
        return "/1.0/" + collection + "/" + name + "?project=" + project;
    }
}
