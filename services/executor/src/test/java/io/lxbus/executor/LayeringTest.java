package io.lxbus.executor;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.lxbus.executor");

    @Test
    void domainIsPure() {
        noClasses().that().resideInAPackage("io.lxbus.executor.domain..").should().dependOnClassesThat()
                .resideInAnyPackage("io.quarkus..", "org.apache.kafka..", "jakarta..", "com.sun.jna..",
                        "io.lxbus.events.wire..", "io.lxbus.executor.driver..", "io.lxbus.executor.messaging..")
                .check(CLASSES);
    }

    @Test
    void jnaStaysInTheLxcDriver() {
        noClasses().that().resideOutsideOfPackage("io.lxbus.executor.driver.lxc..").should().dependOnClassesThat()
                .resideInAnyPackage("com.sun.jna..").check(CLASSES);
    }

    @Test
    void dependsOnNoOtherService() {
        noClasses().that().resideInAPackage("io.lxbus.executor..").should().dependOnClassesThat()
                .resideInAnyPackage("io.lxbus.gateway..", "io.lxbus.instance..", "io.lxbus.idmap..",
                        "io.lxbus.storage..", "io.lxbus.network..").check(CLASSES);
    }
}
