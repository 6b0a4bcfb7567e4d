package io.lxbus.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lxbus.events.wire.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The checked-in JSON Schemas are the contract. A record that changes incompatibly with its schema
 * fails here; a compatible change fails too until the schema is regenerated with
 * {@code ./mvnw -pl events test -Dlxbus.schemas.update=true}, which never writes a breaking change.
 */
class SchemaContractTest {
    /** Every contract type that has a schema, with what fills its type variable. */
    static final Map<Class<?>, Class<?>> CONTRACT = Map.ofEntries(
            Map.entry(Command.class, InstanceCommand.class),
            Map.entry(InstanceCommand.class, Void.class),
            Map.entry(CreateProfile.class, Void.class),
            Map.entry(ReplaceProfile.class, Void.class),
            Map.entry(PatchProfile.class, Void.class),
            Map.entry(RenameProfile.class, Void.class),
            Map.entry(DeleteProfile.class, Void.class),
            Map.entry(Profile.class, Void.class),
            Map.entry(Requestor.class, Void.class),
            Map.entry(Result.class, Void.class),
            Map.entry(StateWrite.class, Void.class),
            Map.entry(LifecycleEvent.class, Void.class),
            Map.entry(LifecycleData.class, Void.class),
            Map.entry(Operation.class, Void.class),
            Map.entry(CreateInstance.class, Void.class),
            Map.entry(ReplaceInstance.class, Void.class),
            Map.entry(PatchInstance.class, Void.class),
            Map.entry(RenameInstance.class, Void.class),
            Map.entry(DeleteInstance.class, Void.class),
            Map.entry(ChangeInstanceState.class, Void.class),
            Map.entry(RecordInstanceAccess.class, Void.class),
            Map.entry(Instance.class, Void.class),
            Map.entry(InstanceSource.class, Void.class),
            Map.entry(PendingAction.class, Void.class),
            Map.entry(IdMap.class, Void.class),
            Map.entry(IdmapEntry.class, Void.class),
            Map.entry(SharedIdmap.class, Void.class),
            Map.entry(InstanceRuntime.class, Void.class),
            Map.entry(ExecutorHost.class, Void.class),
            Map.entry(StoragePool.class, Void.class),
            Map.entry(Volume.class, Void.class),
            Map.entry(Snapshot.class, Void.class),
            Map.entry(CreateSnapshot.class, Void.class),
            Map.entry(UpdateSnapshot.class, Void.class),
            Map.entry(RenameSnapshot.class, Void.class),
            Map.entry(DeleteSnapshot.class, Void.class),
            Map.entry(RestoreSnapshot.class, Void.class),
            Map.entry(Image.class, Void.class),
            Map.entry(ImageAlias.class, Void.class),
            Map.entry(StorageCommand.class, Void.class),
            Map.entry(CreateImageAlias.class, Void.class),
            Map.entry(ReplaceImageAlias.class, Void.class),
            Map.entry(RenameImageAlias.class, Void.class),
            Map.entry(DeleteImageAlias.class, Void.class),
            Map.entry(ReplaceImage.class, Void.class),
            Map.entry(DeleteImage.class, Void.class),
            Map.entry(HostFact.class, Void.class));

    private static final Path SOURCE_DIR = Path.of("src/main/resources/schemas");
    private static final ObjectMapper MAPPER = Json.mapper();

    @Test
    void every_record_matches_its_checked_in_schema() throws IOException {
        boolean update = Boolean.getBoolean("lxbus.schemas.update");
        List<String> breaking = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (var entry : CONTRACT.entrySet()) {
            Class<?> type = entry.getKey();
            ObjectNode generated = SchemaGenerator.schemaOf(type, entry.getValue());
            JsonNode checkedIn = load(type);
            if (checkedIn == null) {
                stale.add(SchemaGenerator.fileName(type) + " is missing");
            } else if (!checkedIn.equals(generated)) {
                List<String> problems = SchemaCompatibility.breakingChanges(type.getSimpleName(), checkedIn, generated);
                if (!problems.isEmpty()) {
                    breaking.addAll(problems);
                    continue;
                }
                stale.add(SchemaGenerator.fileName(type) + " changed compatibly");
            } else {
                continue;
            }
            if (update) {
                Files.createDirectories(SOURCE_DIR);
                MAPPER.writerWithDefaultPrettyPrinter()
                        .writeValue(SOURCE_DIR.resolve(SchemaGenerator.fileName(type)).toFile(), generated);
            }
        }
        if (!breaking.isEmpty()) {
            fail("Incompatible contract change (add a new field or a new type instead):\n  "
                    + String.join("\n  ", breaking));
        }
        if (!stale.isEmpty() && !update) {
            fail("Schemas out of date; regenerate with ./mvnw -pl events test -Dlxbus.schemas.update=true:\n  "
                    + String.join("\n  ", stale));
        }
    }

    @Test
    void a_removed_property_is_breaking() {
        ObjectNode before = SchemaGenerator.schemaOf(Profile.class, Void.class);
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.get("properties")).remove("description");
        assertThat(SchemaCompatibility.breakingChanges("Profile", before, after))
                .containsExactly("Profile: property \"description\" was removed");
    }

    @Test
    void a_narrowed_type_is_breaking_and_an_added_optional_property_is_not() {
        ObjectNode before = SchemaGenerator.schemaOf(Requestor.class, Void.class);
        ObjectNode narrowed = before.deepCopy();
        ((ObjectNode) narrowed.get("properties")).putObject("username").put("type", "integer");
        assertThat(SchemaCompatibility.breakingChanges("Requestor", before, narrowed)).hasSize(1);

        ObjectNode extended = before.deepCopy();
        ((ObjectNode) extended.get("properties")).putObject("extra").putArray("type").add("string").add("null");
        assertThat(SchemaCompatibility.breakingChanges("Requestor", before, extended)).isEmpty();
    }

    @Test
    void a_newly_required_property_is_breaking() {
        ObjectNode before = SchemaGenerator.schemaOf(StateWrite.class, Void.class);
        ObjectNode after = before.deepCopy();
        after.withArray("required").add("topic");
        assertThat(SchemaCompatibility.breakingChanges("StateWrite", before, after))
                .containsExactly("StateWrite: property \"topic\" became required");
    }

    @Test
    void schemas_are_packaged_for_other_systems() {
        for (Class<?> type : CONTRACT.keySet()) {
            assertThat(getClass().getResource("/schemas/" + SchemaGenerator.fileName(type)))
                    .as(type.getSimpleName()).isNotNull();
        }
    }

    private static JsonNode load(Class<?> type) throws IOException {
        try (InputStream in = SchemaContractTest.class.getResourceAsStream("/schemas/" + SchemaGenerator.fileName(type))) {
            return in == null ? null : MAPPER.readTree(in);
        }
    }
}
