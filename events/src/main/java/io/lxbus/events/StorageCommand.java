package io.lxbus.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Commands the storage service owns, sent on {@code lxbus.storage.commands} keyed by project. Image
 * uploads do not ride Kafka: the gateway streams them to the storage service's internal API.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CreateImageAlias.class, name = "CreateImageAlias"),
        @JsonSubTypes.Type(value = ReplaceImageAlias.class, name = "ReplaceImageAlias"),
        @JsonSubTypes.Type(value = RenameImageAlias.class, name = "RenameImageAlias"),
        @JsonSubTypes.Type(value = DeleteImageAlias.class, name = "DeleteImageAlias"),
        @JsonSubTypes.Type(value = ReplaceImage.class, name = "ReplaceImage"),
        @JsonSubTypes.Type(value = DeleteImage.class, name = "DeleteImage")
})
public sealed interface StorageCommand
        permits CreateImageAlias, ReplaceImageAlias, RenameImageAlias, DeleteImageAlias, ReplaceImage, DeleteImage {

    /** The project the target resource lives in; also the command's Kafka key. */
    String project();
}
