package org.journeyledger.journey.security;

import com.zaxxer.hikari.HikariDataSource;
import org.journeyledger.journey.JourneyLedgerApplication;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.TestDatabase;
import org.journeyledger.journey.support.TestKafka;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;

import javax.sql.DataSource;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo keys are public: a second application on this context's database, configured as an external one (which
 * is how a real installation runs), must refuse to start while they are active.
 */
class DemoCredentialsTest extends LedgerIntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void anInstallationWithAnExternalDatabaseRefusesToStartWhileTheDemoKeysAreActive() {
        assumeTrue(System.getenv("JOURNEY_TEST_DB_URL") == null,
                "the test contexts run on an external database (JOURNEY_TEST_DB_URL): no demo keys to find");
        HikariDataSource database = (HikariDataSource) dataSource;
        assertThat(count("SELECT count(*) FROM api_key WHERE name LIKE 'demo-%' AND revoked_at IS NULL"))
                .isEqualTo(Role.values().length);

        assertThatThrownBy(() -> new SpringApplicationBuilder(JourneyLedgerApplication.class).run(
                "--spring.datasource.url=" + database.getJdbcUrl(),
                "--spring.datasource.username=" + database.getUsername(),
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--spring.kafka.consumer.group-id=refused-" + UUID.randomUUID(),
                "--journey.data-dir=" + TestDatabase.freshDataDir(),
                "--server.port=0").close())
                .hasMessageContaining("public demo API key").hasMessageContaining("revoke-demo-credentials");
    }

    @Test
    void demoCredentialsAreRefusedWhenAskedForWithAnExternalDatabase() {
        HikariDataSource database = (HikariDataSource) dataSource;

        assertThatThrownBy(() -> new SpringApplicationBuilder(JourneyLedgerApplication.class).run(
                "--spring.datasource.url=" + database.getJdbcUrl(),
                "--spring.datasource.username=" + database.getUsername(),
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--spring.kafka.consumer.group-id=refused-" + UUID.randomUUID(),
                "--journey.data-dir=" + TestDatabase.freshDataDir(),
                "--journey.security.demo-credentials=true",
                "--server.port=0").close())
                .hasMessageContaining("journey.security.demo-credentials=true is refused");
    }
}
