package io.lxbus.instance.domain;

import io.lxbus.events.ErrorCode;
import io.lxbus.events.Instance;
import io.lxbus.events.Requestor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What an instance command or a side record comes to: a refusal, or the records, facts and answer to write. */
public sealed interface InstanceDecision {

    /**
     * The command is refused; nothing changes.
     *
     * @param code    the error code
     * @param message what the user sees
     */
    record Rejected(ErrorCode code, String message) implements InstanceDecision {
    }

    /**
     * The change to make; every part is written in one transaction.
     *
     * @param writes    instance records to write, in order (a null instance is a tombstone)
     * @param facts     lifecycle events to emit, in order
     * @param reply     the answer to a command, or null when the answer comes later (or nobody waits)
     * @param creations creation notes to keep or (null note) forget
     */
    record Applied(List<InstanceWrite> writes, List<Fact> facts, Reply reply, List<CreationNote> creations,
                   List<SnapshotWrite> snapshots, List<RestorationNote> restorations)
            implements InstanceDecision {

        /** A change to instances only. */
        public Applied(List<InstanceWrite> writes, List<Fact> facts, Reply reply, List<CreationNote> creations) {
            this(writes, facts, reply, creations, List.of(), List.of());
        }

        /** Nothing to do. */
        public static Applied nothing() {
            return new Applied(List.of(), List.of(), null, List.of());
        }

        /** Whether this changes nothing at all. */
        public boolean isEmpty() {
            return writes.isEmpty() && facts.isEmpty() && reply == null && creations.isEmpty() && snapshots.isEmpty()
                    && restorations.isEmpty();
        }

        /** This change followed by {@code next}: a later write of the same key replaces the earlier one. */
        public Applied then(Applied next) {
            List<InstanceWrite> w = new ArrayList<>(writes);
            for (InstanceWrite write : next.writes) {
                w.removeIf(earlier -> earlier.project().equals(write.project()) && earlier.name().equals(write.name()));
                w.add(write);
            }
            List<Fact> f = new ArrayList<>(facts);
            f.addAll(next.facts);
            List<CreationNote> c = new ArrayList<>(creations);
            c.addAll(next.creations);
            List<SnapshotWrite> s = new ArrayList<>(snapshots);
            for (SnapshotWrite write : next.snapshots) {
                s.removeIf(earlier -> earlier.key().equals(write.key()));
                s.add(write);
            }
            List<RestorationNote> r = new ArrayList<>(restorations);
            r.addAll(next.restorations);
            return new Applied(w, f, next.reply != null ? next.reply : reply, c, s, r);
        }
    }

    /**
     * One snapshot record to write.
     *
     * @param project  the project
     * @param instance the record key's instance part
     * @param name     the record key's snapshot part
     * @param snapshot the whole record, or null to delete it
     */
    record SnapshotWrite(String project, String instance, String name, io.lxbus.events.Snapshot snapshot) {
        /** The record's key. */
        public String key() {
            return io.lxbus.events.Keys.snapshot(project, instance, name);
        }
    }

    /**
     * A restore note to keep, or to forget when {@code restoration} is null.
     *
     * @param project     the project
     * @param name        the instance
     * @param restoration the note, or null
     */
    record RestorationNote(String project, String name, Restoration restoration) {
    }

    /**
     * One instance record to write.
     *
     * @param project  the project
     * @param name     the record key's name part
     * @param instance the whole record, or null to delete it
     */
    record InstanceWrite(String project, String name, Instance instance) {
    }

    /**
     * One lifecycle event about an instance.
     *
     * @param action    the {@link io.lxbus.events.Actions} name
     * @param project   the project
     * @param name      the instance (its name after the change)
     * @param context   the event's context
     * @param requestor who asked; null for facts nobody asked for
     */
    record Fact(String action, String project, String name, Map<String, Object> context, Requestor requestor) {
    }

    /**
     * The answer to a command.
     *
     * @param operationId the operation
     * @param commandId   the command
     * @param error       null on success
     * @param message     why it failed; empty on success
     * @param project     the instance's project
     * @param name        the instance (after a rename, the new name)
     */
    record Reply(String operationId, String commandId, ErrorCode error, String message, String project, String name) {

        /** Whether the command was applied. */
        public boolean success() {
            return error == null;
        }
    }

    /**
     * A creation note to keep, or to forget when {@code creation} is null.
     *
     * @param project  the project
     * @param name     the instance
     * @param creation the note, or null
     */
    record CreationNote(String project, String name, Creation creation) {
    }
}
