package io.lxbus.events;

/** An instance's status as LXD reports it, plus the transient states of lxbus's choreography. */
public enum InstanceStatus {
    /** Being created: waiting for its id map and root volume. */
    CREATING("Creating", 112),
    /** Created and not running. */
    STOPPED("Stopped", 102),
    /** Running. */
    RUNNING("Running", 103),
    /** Frozen (paused). */
    FROZEN("Frozen", 110),
    /** Broken: creation failed half-way or the host lost it. */
    ERROR("Error", 112),
    /** Being deleted: each owner removes its part, then the record goes. */
    DELETING("Stopped", 102);

    private final String lxdText;
    private final int lxdCode;

    InstanceStatus(String lxdText, int lxdCode) {
        this.lxdText = lxdText;
        this.lxdCode = lxdCode;
    }

    /** The {@code status} text the LXD API shows. */
    public String lxdText() {
        return lxdText;
    }

    /** The {@code status_code} the LXD API shows. */
    public int lxdCode() {
        return lxdCode;
    }
}
