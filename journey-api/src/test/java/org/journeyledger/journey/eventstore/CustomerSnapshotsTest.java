package org.journeyledger.journey.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.journeyledger.journey.customer.CustomerJourney;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * Customers are loaded from their latest snapshot and the events after it. With no aggregate cache every command
 * here loads its customer from the store, so each decision below rests on what a snapshot carried: a customer
 * decides from a snapshot as from the whole stream, snapshots hold no readable personal data, and a snapshot that was
 * altered, moved, is of another revision or whose customer was erased is ignored for the stream.
 */
@TestPropertySource(properties = {"journey.ingest.snapshot-every=4", "journey.ingest.aggregate-cache-size=0"})
class CustomerSnapshotsTest extends LedgerIntegrationTest {

    @Autowired
    private EventStore eventStore;

    @Test
    void aCustomerLoadedFromASnapshotDecidesAsFromItsWholeStreamAndTheSnapshotIsSealed() {
        String email = email();
        Scenario customer = new Scenario("email", email);
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        String orderId = "ORD-" + shortId();
        String promiseId = "callback-" + shortId();
        String customerId = recordNew(customer.purchase("store", at, orderId, "store-7", "KETTLE-2", "kitchen", 1,
                new BigDecimal("39.90"), 0, "EUR"));
        recordNew(customer.promise("call_centre", "case-" + shortId(), at.plusSeconds(60), promiseId,
                Instant.now().plus(2, ChronoUnit.DAYS)));
        for (int i = 0; i < 6; i++) {
            recordNew(customer.interaction("web", null, at.plusSeconds(120 + i), "visit", "Browsed " + i));
        }
        long snapshotAt = awaitSnapshot(customerId);

        DomainEventMessage<?> first = eventStore.readEvents(customerId).peek();
        assertThat(first.getPayload()).as("the stream starts at the snapshot").isInstanceOf(CustomerJourney.class);
        assertThat(first.getSequenceNumber()).isEqualTo(snapshotAt);
        String stored = new String(jdbc.queryForObject("SELECT payload FROM snapshot_event_entry"
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1", byte[].class, customerId),
                StandardCharsets.UTF_8);
        assertThat(stored).contains("\"sealed\":\"jlenc1:j:").doesNotContain(orderId)
                .doesNotContain(email.toLowerCase()).doesNotContain(promiseId);

        // Each of these needs the order or the promise, which only the snapshot carries past its sequence number.
        HttpResult again = record(customer.purchase("store", at.plusSeconds(300), orderId, "store-7", "KETTLE-2",
                "kitchen", 1, new BigDecimal("39.90"), 0, "EUR"));
        assertThat(again.status()).as("%s", again.body()).isEqualTo(409);
        assertThat(again.body().at("/errors/0/field").asText()).isEqualTo("data.orderId");
        HttpResult adjusted = record(customer.priceAdjustment("store", at.plusSeconds(301), orderId,
                new BigDecimal("5.00"), "EUR"));
        assertThat(adjusted.status()).as("%s", adjusted.body()).isEqualTo(201);
        HttpResult kept = record(customer.promiseKept("call_centre", at.plusSeconds(302), promiseId));
        assertThat(kept.status()).as("%s", kept.body()).isEqualTo(201);
    }

    @Test
    void aGroupOfTouchpointsLeavesASnapshotOfWhereItsCommandsLeftTheCustomer() {
        Scenario customer = new Scenario("email", email());
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        String orderId = "ORD-" + shortId();
        ArrayNode group = JSON.createArrayNode().add(customer.purchase("web", at, orderId, null, "LAMP-1", "home", 1,
                new BigDecimal("19.90"), 0, "EUR"));
        for (int i = 0; i < 8; i++) {
            group.add(customer.interaction("app", null, at.plusSeconds(1 + i), "visit", "Opened the app " + i));
        }
        JsonNode stored = post("/api/touchpoints/batch", group).body();
        assertThat(stored.get("results")).extracting(result -> result.get("status").asInt()).containsOnly(201);
        String customerId = stored.at("/results/0/customerId").asText();

        // The group passed a multiple of 4 twice; its customer's snapshot is of where the group's last command left it.
        long last = jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry"
                + " WHERE aggregate_identifier = ?", Long.class, customerId);
        assertThat(awaitSnapshot(customerId)).isEqualTo(last);
        assertThat(eventStore.readEvents(customerId).asStream().count()).as("the snapshot, no events after it")
                .isOne();
        HttpResult again = record(customer.purchase("store", at.plusSeconds(60), orderId, "store-7", "LAMP-1",
                "home", 1, new BigDecimal("19.90"), 0, "EUR"));
        assertThat(again.status()).as("decided from the snapshot: %s", again.body()).isEqualTo(409);
    }

    @Test
    void aSnapshotAlteredMovedOrOfAnotherRevisionIsIgnoredAndTheStreamFoldedInstead() {
        Scenario customer = new Scenario("email", email());
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        String orderId = "ORD-" + shortId();
        String customerId = recordNew(customer.purchase("store", at, orderId, "store-7", "MUG-1", "kitchen", 2,
                new BigDecimal("8.50"), 0, "EUR"));
        for (int i = 0; i < 6; i++) {
            recordNew(customer.interaction("app", null, at.plusSeconds(60 + i), "visit", "Opened the app " + i));
        }
        long snapshotAt = awaitSnapshot(customerId);
        Scenario other = new Scenario("email", email());
        String otherId = recordNew(other.interaction("web", null, at, "visit", "Browsed"));

        String revision = jdbc.queryForObject(
                "SELECT payload_revision FROM snapshot_event_entry WHERE aggregate_identifier = ?", String.class,
                customerId);
        jdbc.update("UPDATE snapshot_event_entry SET payload_revision = '0' WHERE aggregate_identifier = ?",
                customerId);
        assertStreamIsFoldedFromItsStart(customerId);
        jdbc.update("UPDATE snapshot_event_entry SET payload_revision = ? WHERE aggregate_identifier = ?",
                revision, customerId);
        assertThat(eventStore.readEvents(customerId).peek().getSequenceNumber()).isEqualTo(snapshotAt);

        // One character of the ciphertext changed: AES-GCM's tag no longer matches.
        jdbc.update("UPDATE snapshot_event_entry SET payload = convert_to(regexp_replace(convert_from(payload, 'UTF8'),"
                + " 'jlenc1:j:(.)', 'jlenc1:j:' || CASE WHEN substr(convert_from(payload, 'UTF8'),"
                + " strpos(convert_from(payload, 'UTF8'), 'jlenc1:j:') + 9, 1) = 'A' THEN 'B' ELSE 'A' END), 'UTF8')"
                + " WHERE aggregate_identifier = ?", customerId);
        assertStreamIsFoldedFromItsStart(customerId);
        HttpResult again = record(customer.purchase("store", at.plusSeconds(300), orderId, "store-7", "MUG-1",
                "kitchen", 2, new BigDecimal("8.50"), 0, "EUR"));
        assertThat(again.status()).as("decided from the stream: %s", again.body()).isEqualTo(409);

        // A snapshot of this customer put under another customer's stream.
        long snapshotNow = awaitSnapshot(customerId);
        jdbc.update("INSERT INTO snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier,"
                + " meta_data, payload, payload_revision, payload_type, time_stamp) SELECT ?, 1, type, ?, meta_data,"
                + " payload, payload_revision, payload_type, time_stamp FROM snapshot_event_entry"
                + " WHERE aggregate_identifier = ? AND sequence_number = ?", otherId, "moved-" + shortId(),
                customerId, snapshotNow);
        assertStreamIsFoldedFromItsStart(otherId);
    }

    @Test
    void anErasedCustomersSnapshotsAreDeletedAndNoneOpensAgainNotEvenACopyKeptAside() {
        Scenario customer = new Scenario("email", email());
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        String customerId = recordNew(customer.interaction("chat", null, at, "message", "Hello"));
        for (int i = 0; i < 6; i++) {
            recordNew(customer.interaction("chat", null, at.plusSeconds(1 + i), "message", "Message " + i));
        }
        long snapshotAt = awaitSnapshot(customerId);
        Map<String, Object> copy = jdbc.queryForMap("SELECT * FROM snapshot_event_entry"
                + " WHERE aggregate_identifier = ? AND sequence_number = ?", customerId, snapshotAt);

        HttpResult erased = post("/api/customers/" + customerId + "/erasure", Map.of("reason", "ticket PRIV-7"));
        assertThat(erased.status()).as("%s", erased.body()).isEqualTo(202);
        // A snapshot taken while the erasure committed may still be stored after it, sealed with the destroyed key.
        assertThat(count("SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?"
                + " AND sequence_number <= ?", customerId, snapshotAt)).isZero();
        assertStreamIsFoldedFromItsStart(customerId);

        jdbc.update("INSERT INTO snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier,"
                        + " meta_data, payload, payload_revision, payload_type, time_stamp)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", copy.get("aggregate_identifier"),
                copy.get("sequence_number"), copy.get("type"), copy.get("event_identifier"), copy.get("meta_data"),
                copy.get("payload"), copy.get("payload_revision"), copy.get("payload_type"), copy.get("time_stamp"));
        assertStreamIsFoldedFromItsStart(customerId);
    }

    /** The sequence number of the customer's latest snapshot, once there is one (they are taken in the background). */
    private long awaitSnapshot(String customerId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT coalesce(max(sequence_number), -1) FROM snapshot_event_entry WHERE aggregate_identifier = ?",
                Long.class, customerId), sequence -> sequence > 0);
    }

    private void assertStreamIsFoldedFromItsStart(String customerId) {
        DomainEventStream stream = eventStore.readEvents(customerId);
        assertThat(stream.peek().getSequenceNumber()).as("the stream is read from its first event").isZero();
        assertThat(stream.peek().getPayload()).isNotInstanceOf(CustomerJourney.class);
    }
}
