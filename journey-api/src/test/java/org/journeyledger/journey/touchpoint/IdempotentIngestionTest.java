package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

class IdempotentIngestionTest extends LedgerIntegrationTest {

    @Test
    void aRedeliveryAnswersTheFirstResultAndStoresNothing() {
        ObjectNode chat = with(touchpoint("chat", "contact", Instant.now()), "email", email());
        HttpResult first = record(chat);
        long eventsAfterFirst = count("SELECT count(*) FROM domain_event_entry");

        HttpResult second = record(chat);
        HttpResult third = record(chat);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(third.status()).isEqualTo(200);
        assertThat(second.body().get("eventId")).isEqualTo(first.body().get("eventId"));
        assertThat(second.body().get("customerId")).isEqualTo(first.body().get("customerId"));
        assertThat(second.body().get("duplicate").asBoolean()).isTrue();
        assertThat(count("SELECT count(*) FROM domain_event_entry")).isEqualTo(eventsAfterFirst);
        assertThat(awaitTimeline(first.body().get("customerId").asText(), 1).get("items")).hasSize(1);
    }

    @Test
    void aRedeliveryWithItsKeysInAnotherOrderIsStillARedelivery() {
        ObjectNode web = with(touchpoint("web", "page_view", Instant.now()), "email", email());
        web.putObject("data").put("page", "/returns").put("referrer", "newsletter");
        HttpResult first = record(web);

        ObjectNode reordered = JSON.createObjectNode();
        List<String> names = new ArrayList<>();
        web.fieldNames().forEachRemaining(names::add);
        for (int i = names.size() - 1; i >= 0; i--) {
            reordered.set(names.get(i), web.get(names.get(i)));
        }
        reordered.putObject("data").put("referrer", "newsletter").put("page", "/returns");

        HttpResult again = record(reordered);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("eventId")).isEqualTo(first.body().get("eventId"));
    }

    /**
     * Until decimals kept their scale when a touchpoint was parsed, a receipt's fingerprint saw 49.90 as 49.9; a
     * redelivery of such a touchpoint after the upgrade must still be a redelivery, not a reused id.
     */
    @Test
    void aRedeliveryIsStillARedeliveryWhenItsDecimalsDifferOnlyInTrailingZeros() {
        ObjectNode web = with(touchpoint("web", "page_view", Instant.now()), "email", email());
        web.putObject("data").put("page", "/blenders").put("price", new java.math.BigDecimal("49.9"));
        HttpResult first = record(web);
        ((ObjectNode) web.get("data")).put("price", new java.math.BigDecimal("49.90"));

        HttpResult again = record(web);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("eventId")).isEqualTo(first.body().get("eventId"));
    }

    @Test
    void concurrentRedeliveriesStoreTheTouchpointOnce() throws Exception {
        ObjectNode visit = with(touchpoint("store", "visit", Instant.now()), "email", email());
        List<Callable<HttpResult>> deliveries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            deliveries.add(() -> record(visit));
        }

        List<HttpResult> answers = runAll(deliveries);

        assertThat(answers).extracting(HttpResult::status).containsOnly(200, 201);
        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
        assertThat(answers).extracting(a -> a.body().get("eventId").asText()).containsOnly(
                answers.get(0).body().get("eventId").asText());
        assertThat(count("SELECT count(*) FROM touchpoint_receipt WHERE source = ? AND source_event_id = ?",
                visit.get("source").asText(), visit.get("sourceEventId").asText())).isEqualTo(1);
    }

    @Test
    void aDifferentTouchpointUnderAUsedSourceEventIdIsRefused() {
        ObjectNode original = with(touchpoint("email", "email_opened", Instant.now()), "email", email());
        HttpResult first = record(original);
        ObjectNode changed = original.deepCopy();
        changed.put("type", "email_clicked");
        long events = count("SELECT count(*) FROM domain_event_entry");

        HttpResult refused = record(changed);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("type").asText()).endsWith("source-event-id-reused");
        assertThat(refused.body().get("eventId")).isEqualTo(first.body().get("eventId"));
        assertThat(count("SELECT count(*) FROM domain_event_entry")).isEqualTo(events);
    }

    @Test
    void manyFirstTouchpointsWithTheSameNewEmailAtOnceCreateExactlyOneCustomer() throws Exception {
        String email = email();
        List<Callable<HttpResult>> writers = new ArrayList<>();
        List<String> sourceEventIds = new ArrayList<>();
        String[] channels = {"web", "app", "chat", "email"};
        for (int i = 0; i < 24; i++) {
            ObjectNode touchpoint = with(touchpoint(channels[i % channels.length], "contact", Instant.now()),
                    "email", i % 2 == 0 ? email : email.toUpperCase());
            sourceEventIds.add(touchpoint.get("sourceEventId").asText());
            writers.add(() -> record(touchpoint));
        }

        List<HttpResult> answers = runAll(writers);

        assertThat(answers).extracting(HttpResult::status).containsOnly(201);
        String customerId = answers.get(0).body().get("customerId").asText();
        assertThat(answers).extracting(a -> a.body().get("customerId").asText()).containsOnly(customerId);
        assertThat(count("SELECT count(*) FROM identifier_owner WHERE identifier_value = ?", email.toLowerCase()))
                .isEqualTo(1);
        // No losing writer left a second customer behind: every stored event of these touchpoints is on one stream
        // (found by their source event ids, which are stored in clear; the email is stored encrypted).
        assertThat(count("SELECT count(DISTINCT aggregate_identifier) FROM domain_event_entry"
                + " WHERE convert_from(payload, 'UTF8') ~ ?", String.join("|", sourceEventIds))).isEqualTo(1);
        JsonNode timeline = awaitTimeline(customerId, 24);
        assertThat(timeline.get("items")).hasSize(24);
    }

    private static List<HttpResult> runAll(List<Callable<HttpResult>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<HttpResult>> futures = pool.invokeAll(tasks);
            List<HttpResult> results = new ArrayList<>();
            for (Iterator<Future<HttpResult>> it = futures.iterator(); it.hasNext(); ) {
                results.add(it.next().get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
