package io.lxbus.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Commands the instance service owns (profiles, instances and snapshots), sent on {@code lxbus.instance.commands}
 * keyed by project.
 * The {@code type} property names the command on the wire.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CreateProfile.class, name = "CreateProfile"),
        @JsonSubTypes.Type(value = ReplaceProfile.class, name = "ReplaceProfile"),
        @JsonSubTypes.Type(value = PatchProfile.class, name = "PatchProfile"),
        @JsonSubTypes.Type(value = RenameProfile.class, name = "RenameProfile"),
        @JsonSubTypes.Type(value = DeleteProfile.class, name = "DeleteProfile"),
        @JsonSubTypes.Type(value = CreateInstance.class, name = "CreateInstance"),
        @JsonSubTypes.Type(value = ReplaceInstance.class, name = "ReplaceInstance"),
        @JsonSubTypes.Type(value = PatchInstance.class, name = "PatchInstance"),
        @JsonSubTypes.Type(value = RenameInstance.class, name = "RenameInstance"),
        @JsonSubTypes.Type(value = DeleteInstance.class, name = "DeleteInstance"),
        @JsonSubTypes.Type(value = ChangeInstanceState.class, name = "ChangeInstanceState"),
        @JsonSubTypes.Type(value = CreateSnapshot.class, name = "CreateSnapshot"),
        @JsonSubTypes.Type(value = UpdateSnapshot.class, name = "UpdateSnapshot"),
        @JsonSubTypes.Type(value = RenameSnapshot.class, name = "RenameSnapshot"),
        @JsonSubTypes.Type(value = DeleteSnapshot.class, name = "DeleteSnapshot"),
        @JsonSubTypes.Type(value = RestoreSnapshot.class, name = "RestoreSnapshot"),
        @JsonSubTypes.Type(value = RecordInstanceAccess.class, name = "RecordInstanceAccess")
})
public sealed interface InstanceCommand
        permits CreateProfile, ReplaceProfile, PatchProfile, RenameProfile, DeleteProfile,
        CreateInstance, ReplaceInstance, PatchInstance, RenameInstance, DeleteInstance, ChangeInstanceState,
        CreateSnapshot, UpdateSnapshot, RenameSnapshot, DeleteSnapshot, RestoreSnapshot,
                RecordInstanceAccess {

    /** The project the target resource lives in; also the command's Kafka key. */
    String project();
}
