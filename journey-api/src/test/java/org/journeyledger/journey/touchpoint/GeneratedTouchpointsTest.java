package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.journeyledger.journey.support.KafkaTopics;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * Generated input, valid and spoilt (see {@link TouchpointArbitraries}), through both entry points of the running
 * ledger: over HTTP every answer is a success or a problem naming fields of what was sent, never a 5xx; over Kafka
 * every record is stored or dead-lettered with its reason, and the records after them are stored. Either way the
 * projections keep up with whatever was stored.
 */
class GeneratedTouchpointsTest extends LedgerIntegrationTest {

    private static final int SAMPLES = 300;
    private static final String TOUCHPOINTS = "journey.touchpoints";
    private static final String DEAD_LETTERS = "journey.touchpoints.dlt";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyGeneratedBodyIsAnsweredWithSuccessOrAProblemNamingFieldsThatWereSentAndNeverWith5xx() throws Exception {
        String run = shortId();
        List<JsonNode> bodies = generated(run, 100);

        for (JsonNode body : bodies) {
            byte[] sent = TouchpointArbitraries.utf8(body);
            HttpResponse<String> answer = post("/api/touchpoints", sent);
            assertAnswered(answer, body, sent);
        }
        for (byte[] bytes : TouchpointArbitraries.samples(TouchpointArbitraries.rawBytes(), 104, 50)) {
            assertAnswered(post("/api/touchpoints", bytes), null, bytes);
        }
        for (int from = 0; from + 20 <= bodies.size(); from += 60) {
            int first = from;
            ArrayNode batch = JSON.createArrayNode().addAll(bodies.subList(first, first + 20));
            byte[] sent = TouchpointArbitraries.utf8(batch);
            HttpResponse<String> answer = post("/api/touchpoints/batch", sent);
            assertAnswered(answer, batch, sent);
            if (answer.statusCode() == 200) {
                JsonNode results = JSON.readTree(answer.body()).get("results");
                assertThat(results).hasSize(20).allSatisfy(result -> {
                    assertThat(result.get("status").asInt()).isLessThan(500);
                    assertNamesFieldsOf(result.path("problem"), bodies.get(first + result.get("index").asInt()));
                });
            }
        }

        assertThat(recordGood().statusCode()).isEqualTo(201);
        assertProjectionsKeepUp(run);
    }

    @Test
    void everyGeneratedRecordIsStoredOrDeadLetteredWithItsReasonAndTheRecordsAfterThemAreStored() {
        String run = shortId();
        Map<String, JsonNode> sent = new HashMap<>();
        List<JsonNode> bodies = generated(run, 200);
        for (int i = 0; i < bodies.size(); i++) {
            byte[] value = TouchpointArbitraries.utf8(bodies.get(i));
            // Larger records do not fit the broker's default limit; no producer can send them.
            if (value.length < 1_000_000) {
                String key = "generated-" + run + "-" + i;
                sent.put(key, bodies.get(i));
                KafkaTopics.produce(TOUCHPOINTS, key, value);
            }
        }
        List<byte[]> raw = TouchpointArbitraries.samples(TouchpointArbitraries.rawBytes(), 204, 50);
        for (int i = 0; i < raw.size(); i++) {
            String key = "generated-" + run + "-bytes-" + i;
            sent.put(key, null);
            KafkaTopics.produce(TOUCHPOINTS, key, raw.get(i));
        }
        List<String> goodCards = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String card = loyaltyCard();
            goodCards.add(card);
            KafkaTopics.produce(TOUCHPOINTS, card, with(touchpoint("store", "visit", Instant.now()), "loyalty_card",
                    card).toString());
        }

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(goodCards)
                .allSatisfy(card -> assertThat(resolve("loyalty_card", card).status()).isEqualTo(200)));
        // Every test context consumes in a group of its own, so a record may be dead-lettered once per context.
        List<ConsumerRecord<byte[], byte[]>> deadLetters = KafkaTopics.readUntil(DEAD_LETTERS,
                records -> unaccounted(sent, deadLettered(records, run)).isEmpty());
        assertThat(deadLetters).filteredOn(r -> sent.containsKey(KafkaTopics.text(r.key())))
                .allSatisfy(r -> assertThat(KafkaTopics.header(r, "journey-dlt-reason")).isNotBlank());
        assertProjectionsKeepUp(run);
    }

    /** Envelopes, valid and spoilt, and other JSON bodies, each source event id made this run's own. */
    private static List<JsonNode> generated(String run, long seed) {
        List<JsonNode> bodies = new ArrayList<>(TouchpointArbitraries.samples(
                TouchpointArbitraries.validEnvelopes(), seed + 1, SAMPLES / 3));
        bodies.addAll(TouchpointArbitraries.samples(TouchpointArbitraries.mutatedEnvelopes(), seed + 2, SAMPLES));
        bodies.addAll(TouchpointArbitraries.samples(TouchpointArbitraries.jsonValues(3), seed + 3, 50));
        bodies.forEach(body -> {
            if (body instanceof ObjectNode envelope && envelope.path("sourceEventId").isTextual()) {
                envelope.put("sourceEventId", run + "-" + envelope.get("sourceEventId").textValue());
            }
        });
        return bodies;
    }

    private static void assertAnswered(HttpResponse<String> answer, JsonNode body, byte[] sent) throws IOException {
        String what = new String(sent, 0, Math.min(sent.length, 500), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(answer.statusCode()).as(what).isLessThan(500);
        if (answer.statusCode() >= 400) {
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(what)
                    .startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.path("detail").asText()).as(what).isNotBlank();
            if (body != null) {
                assertNamesFieldsOf(problem, body);
            }
        }
    }

    private static void assertNamesFieldsOf(JsonNode problem, JsonNode body) {
        if (problem.path("type").asText().endsWith(":invalid-request")) {
            assertThat(problem.path("errors")).as(problem.toString()).isNotEmpty().allSatisfy(error ->
                    assertThat(SentFields.names(body, error.path("field").asText())).as(error.toString()).isTrue());
        }
    }

    /** The keys of records neither dead-lettered nor stored (by their receipts). */
    private Set<String> unaccounted(Map<String, JsonNode> sent, Set<String> deadLettered) {
        Set<String> stored = new HashSet<>(jdbc.queryForList("SELECT source || ' ' || source_event_id"
                + " FROM touchpoint_receipt", String.class));
        return sent.entrySet().stream().filter(record -> !deadLettered.contains(record.getKey()))
                .filter(record -> record.getValue() == null || !stored.contains(
                        record.getValue().path("source").asText() + " " + record.getValue().path("sourceEventId").asText()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private static Set<String> deadLettered(List<ConsumerRecord<byte[], byte[]>> records, String run) {
        return records.stream().map(r -> KafkaTopics.text(r.key()))
                .filter(key -> key != null && key.startsWith("generated-" + run)).collect(Collectors.toSet());
    }

    /** Every touchpoint of this run that was stored reaches the timeline, and no processor is stuck on one. */
    private void assertProjectionsKeepUp(String run) {
        long stored = count("SELECT count(*) FROM touchpoint_receipt WHERE source_event_id LIKE ?", run + "-%");
        assertThat(stored).isPositive();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                count("SELECT count(*) FROM timeline_entry WHERE source_event_id LIKE ?", run + "-%"))
                .isEqualTo(stored));
        assertThat(get("/actuator/health").body().get("status").asText()).isEqualTo("UP");
    }

    private HttpResponse<String> recordGood() throws IOException, InterruptedException {
        return post("/api/touchpoints", TouchpointArbitraries.utf8(with(touchpoint("store", "visit", Instant.now()),
                "loyalty_card", loyaltyCard())));
    }

    private HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("X-API-Key", ALL_ROLES_KEY)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
