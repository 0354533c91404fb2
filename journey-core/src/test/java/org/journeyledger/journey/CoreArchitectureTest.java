package org.journeyledger.journey;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The domain stays plain Java with Axon's annotations: no Spring, no web, no Kafka, no JDBC. What journey-core
 * decides can then be tested, and reused on every write path, without a container.
 */
class CoreArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.journeyledger.journey");

    @Test
    void theDomainUsesNeitherSpringNorKafkaNorJdbc() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.apache.kafka..", "java.sql..", "jakarta.servlet..")
                .because("journey-core is the domain: its rules run on any write path without a container")
                .check(CORE);
    }
}
