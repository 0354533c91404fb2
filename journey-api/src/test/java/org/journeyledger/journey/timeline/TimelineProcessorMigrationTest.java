package org.journeyledger.journey.timeline;

import org.flywaydb.core.Flyway;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrading a database whose timeline still had a processor of its own (migration V54). Each case migrates a schema
 * of its own to V53, stores the tokens and read-model rows an installation of that version holds, and migrates on.
 */
class TimelineProcessorMigrationTest extends LedgerIntegrationTest {

    private static final String AT_HEAD = "{\"index\":1041,\"gaps\":[1037]}";

    @Autowired
    private DataSource dataSource;

    @Test
    void tokensStandingTogetherLetTheContextProcessorCarryOnForBoth() {
        String schema = schemaAtV53();
        tokens(schema, "customer-context", AT_HEAD, AT_HEAD);
        tokens(schema, "timeline", AT_HEAD, AT_HEAD);
        readModelRows(schema);

        migrate(schema);

        assertThat(jdbc.queryForList("SELECT processor_name || '/' || segment || ' ' || convert_from(token, 'UTF8')"
                + " FROM " + schema + ".token_entry ORDER BY 1", String.class))
                .containsExactly("customer-context/0 " + AT_HEAD, "customer-context/1 " + AT_HEAD);
        assertThat(rows(schema, "customer_context")).isEqualTo(1);
        assertThat(rows(schema, "timeline_entry")).isEqualTo(1);
    }

    @Test
    void tokensApartRebuildBothReadModelsFromTheFirstEvent() {
        String schema = schemaAtV53();
        tokens(schema, "customer-context", AT_HEAD, AT_HEAD);
        tokens(schema, "timeline", AT_HEAD, "{\"index\":990,\"gaps\":[]}");
        tokens(schema, "journey-analytics", AT_HEAD);
        readModelRows(schema);

        migrate(schema);

        assertThat(jdbc.queryForList("SELECT processor_name FROM " + schema + ".token_entry", String.class))
                .as("only the processors of other read models keep their tokens").containsExactly("journey-analytics");
        assertThat(rows(schema, "customer_context")).isZero();
        assertThat(rows(schema, "timeline_entry")).isZero();
    }

    @Test
    void aDatabaseWithoutTimelineTokensIsLeftAsItIs() {
        String schema = schemaAtV53();
        tokens(schema, "customer-context", AT_HEAD, AT_HEAD);
        tokens(schema, "journey-analytics", AT_HEAD);
        readModelRows(schema);

        migrate(schema);

        assertThat(rows(schema, "token_entry")).isEqualTo(3);
        assertThat(rows(schema, "customer_context")).isEqualTo(1);
        assertThat(rows(schema, "timeline_entry")).isEqualTo(1);
    }

    private String schemaAtV53() {
        String schema = "v53_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        flyway(schema, "53").migrate();
        return schema;
    }

    private void migrate(String schema) {
        assertThat(flyway(schema, "54").migrate().migrationsExecuted).isEqualTo(1);
    }

    private Flyway flyway(String schema, String target) {
        return Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration")
                .target(target).load();
    }

    private void tokens(String schema, String processor, String... bySegment) {
        for (int segment = 0; segment < bySegment.length; segment++) {
            jdbc.update("INSERT INTO " + schema + ".token_entry (processor_name, segment, token, token_type)"
                            + " VALUES (?, ?, ?, 'org.axonframework.eventhandling.GapAwareTrackingToken')",
                    processor, segment, bySegment[segment].getBytes(StandardCharsets.UTF_8));
        }
    }

    private void readModelRows(String schema) {
        String customer = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO " + schema + ".customer_context (customer_id, document, updated_at)"
                + " VALUES (?, '{}'::jsonb, now())", customer);
        jdbc.update("INSERT INTO " + schema + ".timeline_entry (event_id, customer_id, owner_id, occurred_at,"
                + " recorded_at, source, source_event_id, channel, type, data)"
                + " VALUES (?, ?, ?, now(), now(), 'pos', 'r-1', 'store', 'purchase', '{}'::jsonb)",
                UUID.randomUUID().toString(), customer, customer);
    }

    private long rows(String schema, String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + schema + "." + table, Long.class);
    }
}
