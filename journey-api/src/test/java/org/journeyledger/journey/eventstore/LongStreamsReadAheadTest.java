package org.journeyledger.journey.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * Without snapshots a stream longer than what a group reads ahead per customer is left to Axon's own reading, in the
 * same group as customers whose streams are read ahead; both decide from their whole history.
 */
@TestPropertySource(properties = {"journey.ingest.snapshot-every=0", "journey.ingest.aggregate-cache-size=0"})
class LongStreamsReadAheadTest extends LedgerIntegrationTest {

    @Test
    void aStreamLongerThanTheReadAheadIsReadWholeAndDecidesFromItsFirstEvent() {
        Instant at = Instant.now().minus(2, ChronoUnit.HOURS);
        Scenario regular = new Scenario("email", email());
        Scenario newcomer = new Scenario("email", email());
        String orderId = "ORD-" + shortId();
        String customerId = recordNew(regular.purchase("store", at, orderId, "store-2", "DESK-1", "office", 1,
                new BigDecimal("120.00"), 0, "EUR"));
        ArrayNode history = JSON.createArrayNode();
        for (int i = 0; i < ReadAheadStorageEngine.MAX_EVENTS_PER_STREAM + 20; i++) {
            history.add(regular.fact("web", null, at.plusSeconds(1 + i), "visit_" + i, "page " + i));
        }
        assertThat(post("/api/touchpoints/batch", history).body().get("stored").asInt())
                .isEqualTo(ReadAheadStorageEngine.MAX_EVENTS_PER_STREAM + 20);
        assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", customerId))
                .isGreaterThan(ReadAheadStorageEngine.MAX_EVENTS_PER_STREAM);

        JsonNode answer = post("/api/touchpoints/batch", JSON.createArrayNode()
                .add(newcomer.interaction("chat", null, at.plusSeconds(500), "message", "Hi"))
                .add(regular.priceAdjustment("store", at.plusSeconds(501), orderId, new BigDecimal("10.00"), "EUR"))
                .add(regular.purchase("store", at.plusSeconds(502), orderId, "store-2", "DESK-1", "office", 1,
                        new BigDecimal("120.00"), 0, "EUR"))).body();

        assertThat(answer.get("results")).extracting(result -> result.get("status").asInt())
                .containsExactly(201, 201, 409);
        assertThat(answer.at("/results/2/problem/errors/0/field").asText()).isEqualTo("data.orderId");
        assertThat(answer.at("/results/1/customerId").asText()).isEqualTo(customerId);
    }
}
