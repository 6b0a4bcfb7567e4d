package io.lxbus.storage;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lxbus.storage");

    @Test
    void domainIsPure() {
        noClasses().that().resideInAPackage("io.lxbus.storage.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "org.apache.kafka..",
                        "jakarta..", "io.vertx..", "io.lxbus.events.wire..", "io.lxbus.storage.messaging..",
                        "io.lxbus.storage.driver..", "io.lxbus.storage.api..", "io.lxbus.storage.host..")
                .check(CLASSES);
    }

    @Test
    void driversKnowNothingOfKafkaOrQuarkus() {
        noClasses().that().resideInAPackage("io.lxbus.storage.driver..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "org.apache.kafka..",
                        "jakarta..", "io.vertx..", "io.lxbus.storage.messaging..")
                .check(CLASSES);
    }

    @Test
    void dependsOnNoOtherService() {
        noClasses().that().resideInAPackage("io.lxbus.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lxbus.gateway..", "io.lxbus.idmap..",
                        "io.lxbus.instance..", "io.lxbus.network..", "io.lxbus.executor..")
                .check(CLASSES);
    }
}
