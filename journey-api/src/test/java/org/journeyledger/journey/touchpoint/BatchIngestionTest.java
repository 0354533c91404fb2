package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.purchase;
import static org.journeyledger.journey.support.Touchpoints.returnOf;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

class BatchIngestionTest extends LedgerIntegrationTest {

    @Autowired
    private MeterRegistry meters;

    @Test
    void aNightlyPosBatchIsAnsweredItemByItem() {
        String card = loyaltyCard();
        Instant day = Instant.now().minus(1, ChronoUnit.DAYS);
        ObjectNode first = with(purchase("store", day), "loyalty_card", card);
        ObjectNode second = with(returnOf(first, day.plus(3, ChronoUnit.HOURS)), "loyalty_card", card);
        ObjectNode broken = with(purchase("store", day), "loyalty_card", card);
        broken.put("occurredAt", "31/12/2026");
        ArrayNode batch = JSON.createArrayNode().add(first).add(broken).add(second).add(first);

        HttpResult answer = post("/api/touchpoints/batch", batch);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.body().get("results");
        assertThat(results).extracting(r -> r.get("status").asInt()).containsExactly(201, 400, 201, 200);
        assertThat(results.get(1).at("/problem/errors/0/field").asText()).isEqualTo("occurredAt");
        assertThat(results.get(3).get("eventId")).isEqualTo(results.get(0).get("eventId"));
        assertThat(answer.body().get("stored").asInt()).isEqualTo(2);
        assertThat(answer.body().get("duplicates").asInt()).isEqualTo(1);
        assertThat(answer.body().get("rejected").asInt()).isEqualTo(1);
        String customer = results.get(0).get("customerId").asText();
        assertThat(results.get(2).get("customerId").asText()).isEqualTo(customer);
        assertThat(awaitTimeline(customer, 2).get("items")).hasSize(2);
    }

    /** Items are stored in groups of 100 per transaction; one refused item must cost its group nothing. */
    @Test
    void anItemContradictingTheHistoryIsRefusedAloneAndEveryOtherItemOfItsGroupIsStored() {
        Scenario customer = new Scenario("loyalty_card", loyaltyCard());
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < 150; i++) {
            batch.add(i == 120 ? customer.promiseKept("store", start.plusSeconds(i), "never-promised")
                    : customer.fact("store", null, start.plusSeconds(i), "visit_" + i, "aisle " + i));
        }

        HttpResult answer = post("/api/touchpoints/batch", batch);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.body().get("results");
        assertThat(results.get(120).get("status").asInt()).isEqualTo(409);
        assertThat(results.get(120).at("/problem/errors/0/field").asText()).isEqualTo("data.promiseId");
        assertThat(answer.body().get("stored").asInt()).isEqualTo(149);
        assertThat(answer.body().get("rejected").asInt()).isEqualTo(1);
        String customerId = results.get(0).get("customerId").asText();
        assertThat(results).filteredOn(r -> r.get("status").asInt() == 201)
                .allSatisfy(r -> assertThat(r.get("customerId").asText()).isEqualTo(customerId));
        assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " AND payload_type LIKE '%FactToldEvent'", customerId)).isEqualTo(149);
        assertThat(awaitContext(customerId, c -> c.at("/facts/visit_149/value").asText().equals("aisle 149"))
                .at("/facts/visit_119/value").asText()).isEqualTo("aisle 119");
    }

    @Test
    void aBatchOverTheLimitIsRefusedWhole() {
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < 1001; i++) {
            batch.add(with(touchpoint("web", "page_view", Instant.now()), "loyalty_card", loyaltyCard()));
        }
        long events = count("SELECT count(*) FROM domain_event_entry");

        HttpResult refused = post("/api/touchpoints/batch", batch);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("detail").asText()).contains("1000");
        assertThat(count("SELECT count(*) FROM domain_event_entry")).isEqualTo(events);
    }

    /** A group's events are appended together: each customer's stream must still come out whole, in order, chained. */
    @Test
    void customersInterleavedInOneGroupEachGetTheirEventsInOrderOnAnIntactChain() {
        List<Scenario> customers = List.of(new Scenario("loyalty_card", loyaltyCard()),
                new Scenario("loyalty_card", loyaltyCard()), new Scenario("loyalty_card", loyaltyCard()));
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < 30; i++) {
            batch.add(customers.get(i % 3).fact("chat", null, start.plusSeconds(i), "note_" + i, "told " + i));
        }

        JsonNode results = post("/api/touchpoints/batch", batch).body().get("results");

        assertThat(results).extracting(r -> r.get("status").asInt()).containsOnly(201);
        for (int c = 0; c < 3; c++) {
            String customerId = results.get(c).get("customerId").asText();
            List<String> eventIds = new ArrayList<>();
            for (int i = c; i < 30; i += 3) {
                assertThat(results.get(i).get("customerId").asText()).isEqualTo(customerId);
                eventIds.add(results.get(i).get("eventId").asText());
            }
            assertThat(jdbc.queryForList("SELECT event_identifier FROM domain_event_entry"
                    + " WHERE aggregate_identifier = ? AND payload_type LIKE '%TouchpointRecordedEvent'"
                    + " ORDER BY sequence_number", String.class, customerId)).containsExactlyElementsOf(eventIds);
            assertThat(jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier"
                    + " = ? ORDER BY sequence_number", Long.class, customerId))
                    .isEqualTo(LongStream.range(0, count("SELECT count(*) FROM domain_event_entry"
                            + " WHERE aggregate_identifier = ?", customerId)).boxed().toList());
            assertThat(get("/api/audit/customers/" + customerId + "/verify").body().get("intact").asBoolean())
                    .isTrue();
        }
    }

    /**
     * Two channels' batches for the same customers in opposite order, at once: each group holds its customers until
     * its append, so they wait on each other; neither may fail or lose a touchpoint for it.
     */
    @Test
    void batchesForTheSameCustomersInOppositeOrderAtOnceAreAllStored() throws Exception {
        List<Scenario> customers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            customers.add(new Scenario("loyalty_card", loyaltyCard()));
        }
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
        for (Scenario customer : customers) {
            record(customer.fact("store", null, start, "first_visit", "yes"));
        }
        ExecutorService channels = Executors.newFixedThreadPool(2);
        try {
            List<Future<HttpResult>> answers = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (boolean reversed : List.of(false, true)) {
                    ArrayNode batch = JSON.createArrayNode();
                    for (int i = 0; i < customers.size(); i++) {
                        Scenario customer = customers.get(reversed ? customers.size() - 1 - i : i);
                        batch.add(customer.fact(reversed ? "app" : "web", null, start.plusSeconds(round * 100L + i),
                                (reversed ? "app_" : "web_") + round, "round " + round));
                    }
                    answers.add(channels.submit(() -> post("/api/touchpoints/batch", batch)));
                }
            }
            for (Future<HttpResult> answer : answers) {
                HttpResult result = answer.get(2, TimeUnit.MINUTES);
                assertThat(result.status()).isEqualTo(200);
                assertThat(result.body().get("stored").asInt()).isEqualTo(customers.size());
            }
        } finally {
            channels.shutdownNow();
        }
        for (Scenario customer : customers) {
            String customerId = resolve(customer.identifierType(), customer.identifierValue()).body()
                    .get("customerId").asText();
            assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                    + " AND payload_type LIKE '%FactToldEvent'", customerId)).isEqualTo(7);
        }
    }

    /**
     * A group in which a touchpoint shows two customers (each started earlier in the same group) to be one person:
     * the touchpoints after it follow the merge at once, without the group having to be repeated.
     */
    @Test
    void touchpointsAfterAMergeInTheirGroupGoToTheSurvivorAtOnce() {
        String mail = email();
        String card = loyaltyCard();
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        ArrayNode batch = JSON.createArrayNode()
                .add(with(touchpoint("web", "page_view", at), "email", mail))
                .add(with(touchpoint("store", "visit", at.plusSeconds(1)), "loyalty_card", card))
                .add(with(with(touchpoint("app", "login", at.plusSeconds(2)), "email", mail), "loyalty_card", card))
                .add(with(touchpoint("store", "visit", at.plusSeconds(3)), "loyalty_card", card))
                .add(with(touchpoint("web", "page_view", at.plusSeconds(4)), "email", mail));
        double retriesBefore = retries();

        JsonNode results = post("/api/touchpoints/batch", batch).body().get("results");

        assertThat(results).extracting(r -> r.get("status").asInt()).containsOnly(201);
        String survivor = results.get(2).get("customerId").asText();
        assertThat(survivor).isIn(results.get(0).get("customerId").asText(),
                results.get(1).get("customerId").asText());
        assertThat(results.get(3).get("customerId").asText()).isEqualTo(survivor);
        assertThat(results.get(4).get("customerId").asText()).isEqualTo(survivor);
        assertThat(resolve("loyalty_card", card).body().get("customerId").asText()).isEqualTo(survivor);
        assertThat(retries()).isEqualTo(retriesBefore);
    }

    private double retries() {
        Counter retries = meters.find("journey.touchpoints.retries").counter();
        return retries == null ? 0 : retries.count();
    }
}
