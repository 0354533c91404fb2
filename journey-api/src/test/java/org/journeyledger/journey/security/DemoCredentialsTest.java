package org.journeyledger.journey.security;

import com.zaxxer.hikari.HikariDataSource;
import org.journeyledger.journey.JourneyLedgerApplication;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.TestDatabase;
import org.journeyledger.journey.support.TestKafka;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo keys are public: a second application on this context's database, configured as an external one (which
 * is how a real installation runs), must refuse to start while they are active; on a new database it starts with
 * one administrator key instead.
 */
class DemoCredentialsTest extends LedgerIntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private Environment environment;

    /** This installation's data directory, whose erasure master key a second node on its database must share. */
    private String installationDataDir() {
        return environment.getRequiredProperty("journey.data-dir");
    }

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
                "--journey.data-dir=" + installationDataDir(),
                "--server.port=0").close())
                .hasMessageContaining("public demo API key").hasMessageContaining("revoke-demo-credentials");
    }

    @Test
    void aNewInstallationWithAnExternalDatabaseGetsOneAdministratorKeyAndNoDemoKeys() {
        HikariDataSource database = (HikariDataSource) dataSource;
        String name = "fresh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        jdbc.execute("CREATE DATABASE " + name);
        String url = database.getJdbcUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");

        for (int start = 0; start < 2; start++) {
            new SpringApplicationBuilder(JourneyLedgerApplication.class).run(
                    "--spring.datasource.url=" + url,
                    "--spring.datasource.username=" + database.getUsername(),
                    "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                    "--spring.kafka.listener.auto-startup=false",
                    "--spring.kafka.consumer.group-id=fresh-" + UUID.randomUUID(),
                    "--journey.data-dir=" + TestDatabase.freshDataDir(),
                    "--server.port=0").close();
        }

        try (var fresh = new com.zaxxer.hikari.HikariDataSource()) {
            fresh.setJdbcUrl(url);
            fresh.setUsername(database.getUsername());
            var keys = new org.springframework.jdbc.core.JdbcTemplate(fresh).queryForList(
                    "SELECT name FROM api_key WHERE revoked_at IS NULL", String.class);
            assertThat(keys).as("one administrator, issued on the first start only").hasSize(1)
                    .allMatch(key -> key.startsWith("bootstrap-admin-"));
        } finally {
            jdbc.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    @Test
    void demoCredentialsAreRefusedWhenAskedForWithAnExternalDatabase() {
        HikariDataSource database = (HikariDataSource) dataSource;

        assertThatThrownBy(() -> new SpringApplicationBuilder(JourneyLedgerApplication.class).run(
                "--spring.datasource.url=" + database.getJdbcUrl(),
                "--spring.datasource.username=" + database.getUsername(),
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--spring.kafka.consumer.group-id=refused-" + UUID.randomUUID(),
                "--journey.data-dir=" + installationDataDir(),
                "--journey.security.demo-credentials=true",
                "--server.port=0").close())
                .hasMessageContaining("journey.security.demo-credentials=true is refused");
    }
}
