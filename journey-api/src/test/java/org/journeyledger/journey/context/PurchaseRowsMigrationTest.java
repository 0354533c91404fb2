package org.journeyledger.journey.context;

import org.flywaydb.core.Flyway;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrading a database whose context documents still hold their orders (migration V55): each order moves to a row of
 * its own, keeping its place, and the documents keep only how many there are; as-of snapshots keep their orders and
 * learn how many.
 */
class PurchaseRowsMigrationTest extends LedgerIntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void eachOrderOfADocumentBecomesARowInItsPlace() {
        String schema = "v54_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        flyway(schema, "54").migrate();
        String withOrders = UUID.randomUUID().toString();
        String without = UUID.randomUUID().toString();
        // As the projection wrote them: newest first, two orders of the same instant in the order they were folded.
        insertDocument(schema, withOrders, """
                {"customerId": "%s", "touchpointCount": 3, "purchases": [
                  {"orderId": "ORD-2", "purchasedAt": "2026-11-02T10:00:00Z", "total": 4.00, "currency": "EUR"},
                  {"orderId": "ORD-3", "purchasedAt": "2026-11-02T10:00:00Z", "total": 3.00, "currency": "EUR"},
                  {"orderId": "ORD-1", "purchasedAt": "2026-11-01T10:00:00Z", "total": 17.00, "currency": "EUR",
                   "returns": [{"amount": 8.50, "channel": "store"}]}]}""".formatted(withOrders));
        insertDocument(schema, without, """
                {"customerId": "%s", "touchpointCount": 1, "purchases": []}""".formatted(without));

        jdbc.update("INSERT INTO " + schema + ".context_snapshot (customer_id, as_of, events, document, streams)"
                + " VALUES (?, now(), 4, ?::jsonb, ARRAY[?])", withOrders, """
                {"customerId": "%s", "purchases": [{"orderId": "ORD-2"}, {"orderId": "ORD-1"}]}""".formatted(withOrders),
                withOrders);

        assertThat(flyway(schema, "55").migrate().migrationsExecuted).isEqualTo(1);

        assertThat(jdbc.queryForList("SELECT position || ' ' || (document ->> 'orderId') FROM " + schema
                        + ".customer_purchase WHERE customer_id = ? ORDER BY position", String.class, withOrders))
                .containsExactly("0 ORD-2", "1 ORD-3", "2 ORD-1");
        assertThat(jdbc.queryForObject("SELECT document -> 'returns' -> 0 ->> 'amount' FROM " + schema
                + ".customer_purchase WHERE customer_id = ? AND position = 2", String.class, withOrders))
                .isEqualTo("8.50");
        assertThat(jdbc.queryForList("SELECT document::text FROM " + schema + ".customer_context ORDER BY"
                        + " document ->> 'touchpointCount' DESC", String.class))
                .containsExactly(
                        "{\"customerId\": \"" + withOrders + "\", \"purchaseCount\": 3, \"touchpointCount\": 3}",
                        "{\"customerId\": \"" + without + "\", \"purchaseCount\": 0, \"touchpointCount\": 1}");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + schema + ".customer_purchase WHERE customer_id = ?",
                Long.class, without)).isZero();
        assertThat(jdbc.queryForObject("SELECT document ->> 'purchaseCount' FROM " + schema + ".context_snapshot",
                String.class)).as("an as-of snapshot, whose orders stay in it, counts them").isEqualTo("2");
    }

    private Flyway flyway(String schema, String target) {
        return Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration")
                .target(target).load();
    }

    private void insertDocument(String schema, String customerId, String json) {
        jdbc.update("INSERT INTO " + schema + ".customer_context (customer_id, document, updated_at)"
                + " VALUES (?, ?::jsonb, now())", customerId, json);
    }
}
