package org.journeyledger.journey.touchpoint.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.KafkaTopics.header;
import static org.journeyledger.journey.support.KafkaTopics.produce;
import static org.journeyledger.journey.support.KafkaTopics.readUntil;
import static org.journeyledger.journey.support.KafkaTopics.text;
import static org.journeyledger.journey.support.KafkaTopics.utf8;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.purchase;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

class KafkaIngestionTest extends LedgerIntegrationTest {

    private static final String TOUCHPOINTS = "journey.touchpoints";
    private static final String DEAD_LETTERS = "journey.touchpoints.dlt";

    @Test
    void aTouchpointProducedToTheIngestTopicIsStoredAndShownOnContextAndTimeline() {
        String card = loyaltyCard();
        ObjectNode purchase = with(purchase("store", Instant.now()), "loyalty_card", card);

        produce(TOUCHPOINTS, card, purchase.toString());

        String customerId = awaitCustomer("loyalty_card", card);
        JsonNode timeline = awaitTimeline(customerId, 1);
        assertThat(timeline.at("/items/0/sourceEventId").asText()).isEqualTo(purchase.get("sourceEventId").asText());
        assertThat(timeline.at("/items/0/channel").asText()).isEqualTo("store");
        assertThat(timeline.at("/items/0/data")).isEqualTo(purchase.get("data"));
        JsonNode context = awaitContext(customerId, c -> c.path("touchpointCount").asInt() == 1);
        assertThat(context.at("/identifiers/0/value").asText()).isEqualTo(card.replace(" ", "").replace("-", ""));
    }

    @Test
    void recordsThatAreNotJsonOrNotUtf8GoToTheDeadLetterTopicUnchangedWithTheReason() {
        String notJsonKey = "not-json-" + shortId();
        String notUtf8Key = "not-utf8-" + shortId();
        byte[] notJson = utf8("{\"source\": \"pos-1\", \"channel\": ");
        byte[] notUtf8 = {'{', '"', 's', (byte) 0xC3, (byte) 0x28, '"', '}'};
        long events = count("SELECT count(*) FROM domain_event_entry");

        produce(TOUCHPOINTS, notJsonKey, notJson);
        produce(TOUCHPOINTS, notUtf8Key, notUtf8);

        ConsumerRecord<byte[], byte[]> malformed = deadLetter(notJsonKey);
        assertThat(malformed.value()).isEqualTo(notJson);
        assertThat(header(malformed, DeadLetters.REASON)).contains("malformed JSON", "line 1");
        assertThat(header(malformed, DeadLetters.FIELDS)).isEqualTo("[\"\"]");
        assertThat(header(malformed, DeadLetters.PROBLEM_TYPE)).isEqualTo("urn:journey-ledger:problem:invalid-request");
        assertThat(header(malformed, "kafka_dlt-original-topic")).isEqualTo(TOUCHPOINTS);
        assertThat(malformed.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
        assertThat(malformed.headers().lastHeader("kafka_dlt-original-partition")).isNotNull();
        ConsumerRecord<byte[], byte[]> garbled = deadLetter(notUtf8Key);
        assertThat(garbled.value()).isEqualTo(notUtf8);
        assertThat(header(garbled, DeadLetters.REASON)).contains("not UTF-8");
        assertThat(count("SELECT count(*) FROM domain_event_entry")).isEqualTo(events);
    }

    @Test
    void anInvalidTouchpointIsDeadLetteredNamingTheFieldAndNothingIsStored() {
        String email = email();
        ObjectNode pigeon = with(touchpoint("web", "login", Instant.now()), "email", email);
        pigeon.put("channel", "carrier_pigeon");

        produce(TOUCHPOINTS, email, pigeon.toString());

        ConsumerRecord<byte[], byte[]> refused = deadLetter(email);
        assertThat(text(refused.value())).isEqualTo(pigeon.toString());
        assertThat(header(refused, DeadLetters.FIELDS)).isEqualTo("[\"channel\"]");
        assertThat(header(refused, DeadLetters.REASON)).contains("'channel'", "carrier_pigeon");
        assertThat(header(refused, DeadLetters.PROBLEM)).contains("\"status\":400");
        assertThat(count("SELECT count(*) FROM touchpoint_receipt WHERE source_event_id = ?",
                pigeon.get("sourceEventId").asText())).isZero();
        assertThat(resolve("email", email).status()).isEqualTo(404);
    }

    @Test
    void aDifferentTouchpointUnderAUsedSourceEventIdIsDeadLetteredAsAReusedId() {
        String email = email();
        ObjectNode original = with(touchpoint("email", "email_opened", Instant.now()), "email", email);
        HttpResult first = record(original);
        ObjectNode changed = original.deepCopy().put("type", "email_clicked");

        produce(TOUCHPOINTS, email, changed.toString());

        ConsumerRecord<byte[], byte[]> refused = deadLetter(email);
        assertThat(header(refused, DeadLetters.PROBLEM_TYPE)).isEqualTo("urn:journey-ledger:problem:source-event-id-reused");
        assertThat(header(refused, DeadLetters.FIELDS)).isEqualTo("[]");
        assertThat(header(refused, DeadLetters.PROBLEM)).contains(first.body().get("eventId").asText());
        assertThat(awaitTimeline(first.body().get("customerId").asText(), 1).at("/items/0/type").asText())
                .isEqualTo("email_opened");
    }

    @Test
    void aTouchpointContradictingTheHistoryIsDeadLetteredNamingTheFieldAndTheConsumerMovesOn() {
        String email = email();
        Scenario customer = new Scenario("email", email);
        String customerId = recordNew(customer.fact("web", null, Instant.now().minusSeconds(60), "order_number", "Q-1"));

        produce(TOUCHPOINTS, email, customer.promiseKept("call_centre", Instant.now(), "never-promised").toString());
        produce(TOUCHPOINTS, email, customer.fact("call_centre", null, Instant.now(), "order_number", "Q-2").toString());

        ConsumerRecord<byte[], byte[]> refused = deadLetter(email);
        assertThat(header(refused, DeadLetters.PROBLEM_TYPE)).isEqualTo("urn:journey-ledger:problem:touchpoint-refused");
        assertThat(header(refused, DeadLetters.FIELDS)).isEqualTo("[\"data.promiseId\"]");
        assertThat(awaitContext(customerId, c -> c.at("/facts/order_number/value").asText().equals("Q-2"))
                .at("/facts/order_number/timesTold").asInt()).isEqualTo(2);
    }

    /** The listener stores a poll's records in groups of 100 per transaction; a refusal costs its group nothing. */
    @Test
    void oneRefusedRecordAmongManyIsDeadLetteredAloneAndTheOthersAreStoredInOrder() {
        String email = email();
        Scenario customer = new Scenario("email", email);
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
        String customerId = recordNew(customer.fact("web", null, start, "visit_0", "first"));
        for (int i = 1; i <= 250; i++) {
            String record = i == 170 ? customer.promiseKept("call_centre", start.plusSeconds(i), "never-promised")
                    .toString() : customer.fact("app", null, start.plusSeconds(i), "visit_" + i, "v" + i).toString();
            produce(TOUCHPOINTS, email, record);
        }

        ConsumerRecord<byte[], byte[]> refused = deadLetter(email);
        assertThat(header(refused, DeadLetters.FIELDS)).isEqualTo("[\"data.promiseId\"]");
        JsonNode context = awaitContext(customerId, c -> c.at("/facts/visit_250/value").asText().equals("v250"));
        assertThat(context.at("/facts/visit_169/value").asText()).isEqualTo("v169");
        assertThat(context.at("/facts/visit_171/value").asText()).isEqualTo("v171");
        assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " AND payload_type LIKE '%FactToldEvent'", customerId)).isEqualTo(250);
    }

    @Test
    void theSameRecordDeliveredThreeTimesIsStoredOnce() {
        String card = loyaltyCard();
        ObjectNode visit = with(touchpoint("store", "visit", Instant.now()), "loyalty_card", card);
        ObjectNode after = with(purchase("store", Instant.now()), "loyalty_card", card);

        for (int i = 0; i < 3; i++) {
            produce(TOUCHPOINTS, card, visit.toString());
        }
        // Same key, same partition: once the next touchpoint is on the timeline, the three copies were handled.
        produce(TOUCHPOINTS, card, after.toString());

        String customerId = awaitCustomer("loyalty_card", card);
        JsonNode items = awaitTimeline(customerId, 2).get("items");
        assertThat(items).extracting(item -> item.get("sourceEventId").asText())
                .containsExactlyInAnyOrder(visit.get("sourceEventId").asText(), after.get("sourceEventId").asText());
        assertThat(count("SELECT count(*) FROM touchpoint_receipt WHERE source_event_id = ?",
                visit.get("sourceEventId").asText())).isEqualTo(1);
    }

    @Test
    void aTouchpointSentByHttpAndAgainByKafkaIsStoredOnce() {
        String email = email();
        ObjectNode chat = with(touchpoint("chat", "contact", Instant.now()), "email", email);
        ObjectNode after = with(touchpoint("chat", "contact", Instant.now()), "email", email);
        HttpResult byHttp = record(chat);

        produce(TOUCHPOINTS, email, chat.toString());
        produce(TOUCHPOINTS, email, after.toString());

        String customerId = byHttp.body().get("customerId").asText();
        JsonNode items = awaitTimeline(customerId, 2).get("items");
        assertThat(items).extracting(item -> item.get("eventId").asText())
                .containsOnlyOnce(byHttp.body().get("eventId").asText());
        assertThat(items).extracting(item -> item.get("sourceEventId").asText())
                .containsExactlyInAnyOrder(chat.get("sourceEventId").asText(), after.get("sourceEventId").asText());
    }

    @Test
    void aTouchpointThatCannotBeStoredForNowIsRetriedUntilItIsStoredNotDeadLettered() throws Exception {
        String card = loyaltyCard();
        ObjectNode visit = with(touchpoint("store", "visit", Instant.now()), "loyalty_card", card);
        double deadLetteredBefore = counter("journey_kafka_touchpoints_handled_total{application=\"journey-ledger\",outcome=\"dead_lettered\"}");
        // The receipts table gone for a moment: every write fails the way it does while the database is unavailable.
        jdbc.execute("ALTER TABLE touchpoint_receipt RENAME TO touchpoint_receipt_away");
        try {
            produce(TOUCHPOINTS, card, visit.toString());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> resolve("loyalty_card", card).status() == 404);
        } finally {
            jdbc.execute("ALTER TABLE touchpoint_receipt_away RENAME TO touchpoint_receipt");
        }

        String customerId = awaitCustomer("loyalty_card", card);
        assertThat(awaitTimeline(customerId, 1).at("/items/0/sourceEventId").asText())
                .isEqualTo(visit.get("sourceEventId").asText());
        assertThat(counter("journey_kafka_touchpoints_handled_total{application=\"journey-ledger\",outcome=\"dead_lettered\"}"))
                .isEqualTo(deadLetteredBefore);
    }

    @Test
    void prometheusCountsTheKafkaIngestAndShowsConsumerLag() throws Exception {
        String card = loyaltyCard();
        produce(TOUCHPOINTS, card, with(touchpoint("app", "login", Instant.now()), "loyalty_card", card).toString());
        String bad = "bad-" + shortId();
        produce(TOUCHPOINTS, bad, "[]");
        awaitCustomer("loyalty_card", card);
        deadLetter(bad);

        String metrics = await().atMost(Duration.ofSeconds(20)).until(() -> scrape("/actuator/prometheus"),
                m -> m.contains("outcome=\"dead_lettered\"") && m.contains("records_lag_max"));

        assertThat(metrics).contains("journey_kafka_touchpoints_consumed_total");
        assertThat(metrics).contains("journey_kafka_touchpoints_handled_total{", "outcome=\"stored\"");
        assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag_max");
        assertThat(metrics).contains("spring_kafka_listener_seconds_count{");
    }

    private double counter(String series) throws Exception {
        return scrape("/actuator/prometheus").lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst().orElse(0);
    }

    private ConsumerRecord<byte[], byte[]> deadLetter(String key) {
        List<ConsumerRecord<byte[], byte[]>> records = readUntil(DEAD_LETTERS, rs -> withKey(rs, key).isPresent());
        return withKey(records, key).orElseThrow();
    }

    private static Optional<ConsumerRecord<byte[], byte[]>> withKey(List<ConsumerRecord<byte[], byte[]>> records,
                                                                    String key) {
        return records.stream().filter(r -> key.equals(text(r.key()))).findFirst();
    }

    private String awaitCustomer(String type, String value) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> resolve(type, value), r -> r.status() == 200).body().get("customerId").asText();
    }

    private String scrape(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("X-API-Key", ALL_ROLES_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
