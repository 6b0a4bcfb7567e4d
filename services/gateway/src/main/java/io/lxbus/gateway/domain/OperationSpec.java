package io.lxbus.gateway.domain;

import java.util.List;
import java.util.Map;

/**
 * What a new operation is about.
 *
 * @param operationClass {@code task}, {@code websocket} or {@code token}
 * @param description    what it does ("Creating instance")
 * @param project        the project whose event listeners see it
 * @param resources      affected resources by kind, as API paths
 * @param metadata       initial metadata
 * @param mayCancel      whether DELETE may cancel it
 */
public record OperationSpec(String operationClass, String description, String project,
                            Map<String, List<String>> resources, Map<String, Object> metadata, boolean mayCancel) {

    /** A plain background task. */
    public static OperationSpec task(String description, String project, Map<String, List<String>> resources) {
        return new OperationSpec("task", description, project, resources, Map.of(), false);
    }
}
