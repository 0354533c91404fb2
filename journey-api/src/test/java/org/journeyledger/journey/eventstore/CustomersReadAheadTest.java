package org.journeyledger.journey.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * A group of touchpoints has its customers' streams read ahead, a few queries for all of them. With no aggregate
 * cache every customer here is read that way, from a snapshot and the events after it or from its first event, and
 * each decision below needs what only the stream read ahead carries: the orders and promises made before the group.
 */
@TestPropertySource(properties = {"journey.ingest.snapshot-every=6", "journey.ingest.aggregate-cache-size=0"})
class CustomersReadAheadTest extends LedgerIntegrationTest {

    private static final BigDecimal PRICE = new BigDecimal("19.90");

    @Test
    void aGroupDecidesFromItsCustomersStreamsReadAheadAsFromTheStore() {
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        Scenario withSnapshot = new Scenario("email", email());
        Scenario withoutSnapshot = new Scenario("email", email());
        Scenario newcomer = new Scenario("email", email());
        String firstOrder = "ORD-" + shortId();
        String promiseId = "callback-" + shortId();
        String snapshotted = recordNew(withSnapshot.purchase("store", at, firstOrder, "store-1", "LAMP-1", "home", 1,
                PRICE, 0, "EUR"));
        for (int i = 0; i < 4; i++) {
            recordNew(withSnapshot.interaction("web", null, at.plusSeconds(10 + i), "visit", "Browsed " + i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", snapshotted) > 0);
        String unsnapshotted = recordNew(withoutSnapshot.promise("call_centre", null, at, promiseId,
                Instant.now().plus(1, ChronoUnit.DAYS)));
        assertThat(count("SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", unsnapshotted))
                .isZero();

        // One group: each customer's stream read ahead once, some customers twice in the group.
        String secondOrder = "ORD-" + shortId();
        ArrayNode group = JSON.createArrayNode()
                .add(withSnapshot.priceAdjustment("store", at.plusSeconds(100), firstOrder, new BigDecimal("2.00"), "EUR"))
                .add(withoutSnapshot.promiseKept("call_centre", at.plusSeconds(101), promiseId))
                .add(newcomer.interaction("chat", null, at.plusSeconds(102), "message", "Hello"))
                .add(withSnapshot.purchase("web", at.plusSeconds(103), secondOrder, null, "BULB-4", "home", 4,
                        new BigDecimal("3.50"), 0, "EUR"))
                .add(withSnapshot.priceAdjustment("web", at.plusSeconds(104), secondOrder, new BigDecimal("1.00"),
                        "EUR"))
                .add(newcomer.interaction("chat", null, at.plusSeconds(105), "message", "Still there?"));
        JsonNode stored = post("/api/touchpoints/batch", group).body();
        assertThat(stored.get("results")).extracting(result -> result.get("status").asInt())
                .containsExactly(201, 201, 201, 201, 201, 201);
        assertThat(stored.get("results")).extracting(result -> result.get("customerId").asText()).containsExactly(
                snapshotted, unsnapshotted, stored.at("/results/2/customerId").asText(), snapshotted, snapshotted,
                stored.at("/results/2/customerId").asText());

        // The next group finds what the last one stored: an order cannot be placed twice.
        HttpResult again = post("/api/touchpoints/batch", JSON.createArrayNode()
                .add(withSnapshot.purchase("store", at.plusSeconds(200), secondOrder, "store-1", "BULB-4", "home", 4,
                        new BigDecimal("3.50"), 0, "EUR"))
                .add(withSnapshot.purchase("store", at.plusSeconds(201), firstOrder, "store-1", "LAMP-1", "home", 1,
                        PRICE, 0, "EUR"))
                .add(withSnapshot.priceAdjustment("store", at.plusSeconds(202), firstOrder, new BigDecimal("1.00"),
                        "EUR")));
        List<Integer> statuses = List.of(again.body().at("/results/0/status").asInt(),
                again.body().at("/results/1/status").asInt(), again.body().at("/results/2/status").asInt());
        assertThat(statuses).containsExactly(409, 409, 201);
        assertThat(again.body().at("/results/0/problem/errors/0/field").asText()).isEqualTo("data.orderId");
        assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " AND payload_type LIKE '%PriceAdjustedEvent'", snapshotted)).isEqualTo(3);
    }
}
