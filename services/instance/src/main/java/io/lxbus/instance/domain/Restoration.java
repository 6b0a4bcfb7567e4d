package io.lxbus.instance.domain;

import io.lxbus.events.Requestor;

/**
 * What the instance service remembers while a restore is in flight (the instance's pending action changes from stop
 * to restore to start on the way, so the command's own ids live here).
 *
 * @param operationId  the restore's operation
 * @param commandId    the restore's command
 * @param requestor    who asked
 * @param snapshot     the snapshot's name
 * @param snapshotUuid the snapshot's uuid
 * @param wasRunning   start the instance again once its files are back
 */
public record Restoration(String operationId, String commandId, Requestor requestor, String snapshot,
                         String snapshotUuid, boolean wasRunning) {
}
