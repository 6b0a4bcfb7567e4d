package io.lxbus.idmap;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lxbus.idmap");

    @Test
    void domainIsPure() {
        noClasses().that().resideInAPackage("io.lxbus.idmap.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "org.apache.kafka..",
                        "jakarta..", "org.jboss..", "io.smallrye..", "io.lxbus.events.wire..",
                        "io.lxbus.idmap.messaging..", "io.lxbus.idmap.host..", "java.nio.file..", "java.io..")
                .check(CLASSES);
    }

    @Test
    void hostSideKnowsNoKafka() {
        noClasses().that().resideInAPackage("io.lxbus.idmap.host..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "org.apache.kafka..",
                        "io.lxbus.idmap.messaging..")
                .check(CLASSES);
    }

    @Test
    void dependsOnNoOtherService() {
        noClasses().that().resideInAPackage("io.lxbus.idmap..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lxbus.gateway..", "io.lxbus.instance..",
                        "io.lxbus.storage..", "io.lxbus.network..", "io.lxbus.executor..")
                .check(CLASSES);
    }
}
