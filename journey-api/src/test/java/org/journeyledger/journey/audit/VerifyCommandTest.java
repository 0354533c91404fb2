package org.journeyledger.journey.audit;

import com.zaxxer.hikari.HikariDataSource;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.journeyledger.journey.support.Touchpoints.email;

/**
 * The command-line verification an auditor runs against a database, with the application not running. It tampers
 * with the ledger, so it gets a database of its own (a distinct test context) and leaves the shared one clean.
 */
@TestPropertySource(properties = "journey.test.context=tampered-ledger")
class VerifyCommandTest extends LedgerIntegrationTest {

    @Autowired
    private DataSource dataSource;
    @Autowired
    private TransactionTemplate transaction;

    @Test
    void theCommandLineVerificationNamesATamperedStreamAndExitsNonZero() {
        Scenario customer = new Scenario("email", email());
        String customerId = recordNew(customer.fact("web", null, Instant.now().minusSeconds(5), "order_number", "X-9"));
        transaction.executeWithoutResult(status -> {
            jdbc.execute("SET LOCAL session_replication_role = replica");
            jdbc.update("UPDATE domain_event_entry SET time_stamp = '2001-01-01T00:00:00.000Z'"
                    + " WHERE aggregate_identifier = ? AND sequence_number = 0", customerId);
        });
        HikariDataSource hikari = (HikariDataSource) dataSource;
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = VerifyCommand.run(new String[]{"verify", "--url=" + hikari.getJdbcUrl(),
                "--user=" + hikari.getUsername(), "--password=" + (hikari.getPassword() == null ? "" : hikari.getPassword())},
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"intact\" : false", customerId, "checkpoint");
    }

    @Test
    void withoutADatabaseTheCommandExplainsItsUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = VerifyCommand.run(new String[]{"verify"}, new PrintStream(out, true, StandardCharsets.UTF_8));

        assumeTrue(System.getenv("SPRING_DATASOURCE_URL") == null, "the command falls back to SPRING_DATASOURCE_URL");

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: java -jar journey-api.jar verify");
    }
}
