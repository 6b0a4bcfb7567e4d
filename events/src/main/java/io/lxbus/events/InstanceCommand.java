package io.lxbus.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Commands the instance service owns, sent on {@code lxbus.instance.commands} keyed by project.
 * The {@code type} property names the command on the wire.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CreateProfile.class, name = "CreateProfile"),
        @JsonSubTypes.Type(value = ReplaceProfile.class, name = "ReplaceProfile"),
        @JsonSubTypes.Type(value = PatchProfile.class, name = "PatchProfile"),
        @JsonSubTypes.Type(value = RenameProfile.class, name = "RenameProfile"),
        @JsonSubTypes.Type(value = DeleteProfile.class, name = "DeleteProfile")
})
public sealed interface InstanceCommand
        permits CreateProfile, ReplaceProfile, PatchProfile, RenameProfile, DeleteProfile {

    /** The project the target resource lives in; also the command's Kafka key. */
    String project();
}
