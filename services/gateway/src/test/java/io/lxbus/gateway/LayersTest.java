package io.lxbus.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The gateway's shape: a pure domain, and no dependency on another service. */
class LayersTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lxbus.gateway");

    @Test
    void domainIsPure() {
        noClasses().that().resideInAPackage("io.lxbus.gateway.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.vertx..", "org.apache.kafka..",
                        "jakarta..", "io.netty..", "io.lxbus.gateway.api..", "io.lxbus.gateway.messaging..")
                .check(classes);
    }

    @Test
    void messagingDoesNotKnowHttp() {
        noClasses().that().resideInAPackage("io.lxbus.gateway.messaging..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.lxbus.gateway.api..")
                .check(classes);
    }

    @Test
    void noOtherServiceIsUsed() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.lxbus.instance..", "io.lxbus.idmap..",
                "io.lxbus.storage..", "io.lxbus.network..", "io.lxbus.executor..").check(classes);
    }
}
