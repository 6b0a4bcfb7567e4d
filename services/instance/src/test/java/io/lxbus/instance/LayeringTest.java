package io.lxbus.instance;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lxbus.instance");

    @Test
    void domainIsPure() {
        noClasses().that().resideInAPackage("io.lxbus.instance.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "org.apache.kafka..",
                        "jakarta..", "com.sun.jna..", "io.lxbus.events.wire..", "io.lxbus.instance.messaging..")
                .check(CLASSES);
    }

    @Test
    void dependsOnNoOtherService() {
        noClasses().that().resideInAPackage("io.lxbus.instance..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lxbus.gateway..", "io.lxbus.idmap..",
                        "io.lxbus.storage..", "io.lxbus.network..", "io.lxbus.executor..")
                .check(CLASSES);
    }
}
