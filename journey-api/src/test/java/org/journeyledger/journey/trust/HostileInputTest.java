package org.journeyledger.journey.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.KafkaTopics;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * A corpus of hostile inputs, sent over HTTP and over Kafka with good traffic interleaved: every hostile one gets a
 * problem document or goes to the dead-letter topic, none is stored, the application stays healthy, and every good
 * touchpoint sent between them is stored.
 */
class HostileInputTest extends LedgerIntegrationTest {

    private static final String INJECTION = "'; DROP TABLE domain_event_entry; --<script>alert(1)</script>${jndi:ldap://x}";

    /** Hostile bodies by name; each is what some broken or malicious channel could send. */
    private static Map<String, byte[]> corpus() {
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        corpus.put("truncated JSON", utf8("{\"source\": \"pos\", \"channel\": \"sto"));
        corpus.put("not JSON at all", utf8("source=pos&channel=store"));
        corpus.put("JSON array instead of object", utf8("[{\"source\": \"pos\"}]"));
        corpus.put("null body", utf8("null"));
        corpus.put("wrong types everywhere", utf8("{\"source\": {}, \"sourceEventId\": [], \"channel\": 7,"
                + " \"type\": true, \"occurredAt\": 1700000000, \"identifiers\": {\"type\": \"email\"}, \"data\": 5}"));
        corpus.put("deeply nested data", utf8(valid("store").replace("\"data\":{", "\"data\":{\"x\":"
                + "[".repeat(5000) + "]".repeat(5000) + ",")));
        corpus.put("huge identifier value", utf8(with(touchpoint("web", "login", Instant.now()), "email",
                "a".repeat(100_000) + "@example.org").toString()));
        corpus.put("invalid UTF-8", invalidUtf8(valid("web")));
        corpus.put("unknown channel and identifier type", utf8(valid("web").replace("\"web\"", "\"telepathy\"")
                .replace("\"loyalty_card\"", "\"dna_sample\"")));
        corpus.put("occurredAt before 1970", utf8(with(touchpoint("store", "visit",
                Instant.parse("1901-01-01T00:00:00Z")), "loyalty_card", loyaltyCard()).toString()));
        corpus.put("occurredAt in ten years", utf8(with(touchpoint("store", "visit",
                Instant.now().plus(3650, ChronoUnit.DAYS)), "loyalty_card", loyaltyCard()).toString()));
        corpus.put("injection in the channel", utf8(valid("web").replace("\"web\"", json(INJECTION))));
        corpus.put("injection in the identifier type", utf8(valid("web").replace("\"loyalty_card\"", json(INJECTION))));
        corpus.put("control characters in source", utf8(valid("web").replaceFirst("\"source\":\"[^\"]*\"",
                "\"source\":\"pos\\\\u0000\\\\u001b[2J\"")));
        corpus.put("typed data missing fields", utf8(valid("chat").replace("\"type\":\"visit\"",
                "\"type\":\"promise\"")));
        return corpus;
    }

    @Test
    void hostileHttpBodiesAreRefusedWithProblemsAndGoodTrafficBetweenThemIsStored() throws Exception {
        long storedBefore = count("SELECT count(*) FROM touchpoint_receipt");
        List<String> goodCards = new ArrayList<>();

        for (Map.Entry<String, byte[]> hostile : corpus().entrySet()) {
            HttpResponse<String> refused = postBytes("/api/touchpoints", hostile.getValue());
            assertThat(refused.statusCode()).as(hostile.getKey()).isBetween(400, 499);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).as(hostile.getKey())
                    .startsWith("application/problem+json");
            assertThat(JSON.readTree(refused.body()).get("detail").asText()).as(hostile.getKey()).isNotBlank();

            String card = loyaltyCard();
            goodCards.add(card);
            assertThat(record(with(touchpoint("store", "visit", Instant.now()), "loyalty_card", card)).status())
                    .isEqualTo(201);
        }

        assertThat(count("SELECT count(*) FROM touchpoint_receipt")).isEqualTo(storedBefore + goodCards.size());
        assertThat(goodCards).allSatisfy(card -> assertThat(resolve("loyalty_card", card).status()).isEqualTo(200));
        assertThat(get("/actuator/health").body().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void injectionStringsInFreeTextAreStoredVerbatimAndHarmless() {
        ObjectNode touchpoint = with(touchpoint("chat", "contact", Instant.now()), "account_id", INJECTION + shortId());
        touchpoint.put("source", INJECTION.substring(0, 60));
        touchpoint.put("actor", INJECTION);
        touchpoint.put("conversationId", INJECTION);
        touchpoint.putObject("data").put("note", INJECTION);

        HttpResult answer = record(touchpoint);

        assertThat(answer.status()).isEqualTo(201);
        JsonNode item = awaitTimeline(answer.body().get("customerId").asText(), 1).at("/items/0");
        assertThat(item.get("actor").asText()).isEqualTo(INJECTION);
        assertThat(item.at("/data/note").asText()).isEqualTo(INJECTION);
        assertThat(count("SELECT count(*) FROM domain_event_entry")).isPositive();
    }

    @Test
    void anOversizedBatchIsRefusedWhole() throws Exception {
        StringBuilder batch = new StringBuilder("[");
        String item = with(touchpoint("web", "page_view", Instant.now()), "loyalty_card", loyaltyCard()).toString();
        while (batch.length() < 33 * 1024 * 1024) {
            batch.append(item).append(',');
        }
        batch.setCharAt(batch.length() - 1, ']');

        HttpResponse<String> refused = postBytes("/api/touchpoints/batch", utf8(batch.toString()));

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(get("/actuator/health").body().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void hostileKafkaRecordsAreDeadLetteredAndGoodRecordsBetweenThemAreStored() {
        Map<String, byte[]> corpus = corpus();
        corpus.remove("huge identifier value"); // a 100 kB record is fine for HTTP's limit check, not needed here twice
        String run = shortId();
        List<String> goodCards = new ArrayList<>();
        for (Map.Entry<String, byte[]> hostile : corpus.entrySet()) {
            KafkaTopics.produce("journey.touchpoints", "hostile-" + run + "-" + hostile.getKey(), hostile.getValue());
            String card = loyaltyCard();
            goodCards.add(card);
            KafkaTopics.produce("journey.touchpoints", card,
                    with(touchpoint("store", "visit", Instant.now()), "loyalty_card", card).toString());
        }

        // Every test context in this JVM consumes the topic in a group of its own, so a record may be dead-lettered
        // once per context: count the hostile records, not the copies.
        List<ConsumerRecord<byte[], byte[]>> deadLetters = KafkaTopics.readUntil("journey.touchpoints.dlt",
                records -> hostileKeys(records, run).size() == corpus.size());
        assertThat(hostileKeys(deadLetters, run)).hasSize(corpus.size());
        assertThat(deadLetters).filteredOn(r -> r.key() != null && KafkaTopics.text(r.key()).startsWith("hostile-" + run))
                .allSatisfy(r -> assertThat(KafkaTopics.header(r, "journey-dlt-reason")).isNotBlank());
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(goodCards)
                .allSatisfy(card -> assertThat(resolve("loyalty_card", card).status()).isEqualTo(200)));
        assertThat(get("/actuator/health").body().get("status").asText()).isEqualTo("UP");
    }

    private static java.util.Set<String> hostileKeys(List<ConsumerRecord<byte[], byte[]>> records, String run) {
        return records.stream().filter(r -> r.key() != null && KafkaTopics.text(r.key()).startsWith("hostile-" + run))
                .map(r -> KafkaTopics.text(r.key())).collect(java.util.stream.Collectors.toSet());
    }

    private static String valid(String channel) {
        ObjectNode touchpoint = with(touchpoint(channel, "visit", Instant.now()), "loyalty_card", loyaltyCard());
        return touchpoint.toString();
    }

    private static byte[] invalidUtf8(String text) {
        byte[] bytes = utf8(text);
        byte[] broken = new byte[bytes.length + 2];
        int at = text.indexOf("\"data\"") + 1;
        System.arraycopy(bytes, 0, broken, 0, at);
        broken[at] = (byte) 0xC3;
        broken[at + 1] = (byte) 0x28;
        System.arraycopy(bytes, at, broken, at + 2, bytes.length - at);
        return broken;
    }

    private static String json(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> postBytes(String path, byte[] body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("X-API-Key", ALL_ROLES_KEY)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
