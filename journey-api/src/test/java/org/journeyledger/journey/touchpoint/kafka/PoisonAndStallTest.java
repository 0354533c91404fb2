package org.journeyledger.journey.touchpoint.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.journeyledger.journey.support.KafkaTopics;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.KafkaTopics.header;
import static org.journeyledger.journey.support.KafkaTopics.produce;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * A record that keeps failing for a reason of its own is set aside on the dead-letter topic and the partition moves
 * on; a transient failure is retried past that limit and the record is stored; a partition that stops moving while
 * records wait turns the ingest health DOWN, and UP again once it moves. The failures are real PostgreSQL errors,
 * raised by a trigger on this context's database for touchpoints of one source only.
 */
@TestPropertySource(properties = {"journey.kafka.max-attempts=3", "journey.kafka.stall-timeout=PT3S",
        "journey.kafka.monitor-interval=PT0.5S"})
class PoisonAndStallTest extends LedgerIntegrationTest {

    private static final String TOUCHPOINTS = "journey.touchpoints";
    private static final String DEAD_LETTERS = "journey.touchpoints.dlt";

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @AfterEach
    void removeTriggersAndRestartTheListener() {
        jdbc.execute("DROP TRIGGER IF EXISTS fail_touchpoints ON touchpoint_receipt");
        MessageListenerContainer container = listeners.getListenerContainer(IngestHealth.LISTENER_ID);
        if (!container.isRunning()) {
            container.start();
        }
    }

    @Test
    void aRecordThatKeepsFailingIsSetAsideWithItsFailureAndTheRecordsBehindItAreStored() {
        String source = "poison-" + shortId();
        failEveryInsertFrom(source, "P0001", null);
        String poisonKey = source + "-key";
        ObjectNode poison = with(touchpoint("store", "visit", Instant.now()), "loyalty_card", loyaltyCard());
        poison.put("source", source);
        List<String> goodCards = new ArrayList<>();

        // One key: the good records wait behind the poisoned one on its partition.
        produce(TOUCHPOINTS, poisonKey, poison.toString());
        for (int i = 0; i < 5; i++) {
            String card = loyaltyCard();
            goodCards.add(card);
            produce(TOUCHPOINTS, poisonKey, with(touchpoint("store", "visit", Instant.now()), "loyalty_card", card)
                    .toString());
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(goodCards)
                .allSatisfy(card -> assertThat(resolve("loyalty_card", card).status()).isEqualTo(200)));
        ConsumerRecord<byte[], byte[]> deadLetter = KafkaTopics.readUntil(DEAD_LETTERS,
                records -> records.stream().anyMatch(r -> isPoison(r, source))).stream()
                .filter(r -> isPoison(r, source)).findFirst().orElseThrow();
        assertThat(KafkaTopics.text(deadLetter.value())).isEqualTo(poison.toString());
        assertThat(header(deadLetter, DeadLetters.PROBLEM_TYPE)).isEqualTo("urn:journey-ledger:problem:ingest-failed");
        assertThat(header(deadLetter, DeadLetters.REASON)).contains("failed 3 times").contains("poisoned by the test");
        assertThat(header(deadLetter, "kafka_dlt-exception-fqcn")).isNotBlank().doesNotContain("ListenerExecution");
        assertThat(count("SELECT count(*) FROM touchpoint_receipt WHERE source = ?", source)).isZero();
        assertThat(ingestStatus()).isEqualTo("UP");
    }

    @Test
    void aRefusedRecordAsLargeAsTheTopicTakesStillFitsOnTheDeadLetterTopicWithItsReason() {
        String key = "large-" + shortId();
        ObjectNode large = with(touchpoint("carrier_pigeon", "visit", Instant.now()), "loyalty_card", loyaltyCard());
        String padding = "x".repeat(1_047_400 - large.toString().length());
        large.putObject("data").put("note", padding);
        String card = loyaltyCard();

        produce(TOUCHPOINTS, key, large.toString());
        produce(TOUCHPOINTS, key, with(touchpoint("store", "visit", Instant.now()), "loyalty_card", card).toString());

        await().atMost(Duration.ofSeconds(60)).until(() -> resolve("loyalty_card", card).status() == 200);
        ConsumerRecord<byte[], byte[]> deadLetter = KafkaTopics.readUntil(DEAD_LETTERS,
                records -> records.stream().anyMatch(r -> key.equals(KafkaTopics.text(r.key())))).stream()
                .filter(r -> key.equals(KafkaTopics.text(r.key()))).findFirst().orElseThrow();
        assertThat(deadLetter.value()).hasSize(large.toString().length());
        assertThat(header(deadLetter, DeadLetters.REASON)).contains("channel");
    }

    @Test
    void aTransientFailureIsRetriedPastTheAttemptLimitAndTheRecordIsStored() {
        String source = "flaky-" + shortId();
        // lock_not_available on every insert, counted by a sequence (which no rollback takes back), until the record
        // has been tried more often than max-attempts allows for a failure of its own.
        jdbc.execute("DROP SEQUENCE IF EXISTS flaky_attempts");
        jdbc.execute("CREATE SEQUENCE flaky_attempts");
        failEveryInsertFrom(source, "55P03", Integer.MAX_VALUE);
        String card = loyaltyCard();
        ObjectNode flaky = with(touchpoint("store", "visit", Instant.now()), "loyalty_card", card);
        flaky.put("source", source);

        produce(TOUCHPOINTS, card, flaky.toString());

        await().atMost(Duration.ofSeconds(120)).until(() ->
                jdbc.queryForObject("SELECT last_value FROM flaky_attempts", Long.class) >= 8);
        jdbc.execute("DROP TRIGGER fail_touchpoints ON touchpoint_receipt");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(resolve("loyalty_card", card).status()).isEqualTo(200));
        assertThat(count("SELECT count(*) FROM touchpoint_receipt WHERE source = ?", source)).isEqualTo(1);
    }

    @Test
    void theIngestHealthTurnsDownWhenWaitingRecordsDoNotMoveAndUpWhenTheyDo() {
        await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(ingestStatus()));
        MessageListenerContainer container = listeners.getListenerContainer(IngestHealth.LISTENER_ID);
        container.stop();
        String card = loyaltyCard();
        produce(TOUCHPOINTS, card, with(touchpoint("web", "login", Instant.now()), "loyalty_card", card).toString());

        await().atMost(Duration.ofSeconds(20)).until(() -> "DOWN".equals(ingestStatus()));
        JsonNode down = get("/actuator/health").body();
        assertThat(down.get("status").asText()).isEqualTo("DOWN");
        assertThat(down.at("/components/ingest/details/stalled")).isNotEmpty();
        assertThat(down.at("/components/ingest/details/listenerRunning").asBoolean()).isFalse();
        assertThat(getText("/actuator/prometheus")).contains("journey_ingest_stalled_partitions{");

        container.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(ingestStatus()));
        assertThat(resolve("loyalty_card", card).status()).isEqualTo(200);
    }

    private static boolean isPoison(ConsumerRecord<byte[], byte[]> record, String source) {
        return KafkaTopics.text(record.value()).contains("\"" + source + "\"");
    }

    private String ingestStatus() {
        return get("/actuator/health").body().at("/components/ingest/status").asText();
    }

    /**
     * A trigger that fails inserting the receipts of one source with the given SQLSTATE (the first n times only,
     * counted by the sequence flaky_attempts).
     */
    private void failEveryInsertFrom(String source, String sqlState, Integer firstTimes) {
        String condition = firstTimes == null ? "NEW.source = '" + source + "'"
                : "NEW.source = '" + source + "' AND nextval('flaky_attempts') <= " + firstTimes;
        jdbc.execute("CREATE OR REPLACE FUNCTION fail_touchpoints() RETURNS trigger AS $$ BEGIN IF " + condition
                + " THEN RAISE EXCEPTION 'poisoned by the test' USING ERRCODE = '" + sqlState + "'; END IF; "
                + "RETURN NEW; END $$ LANGUAGE plpgsql");
        jdbc.execute("DROP TRIGGER IF EXISTS fail_touchpoints ON touchpoint_receipt");
        jdbc.execute("CREATE TRIGGER fail_touchpoints BEFORE INSERT ON touchpoint_receipt FOR EACH ROW "
                + "EXECUTE FUNCTION fail_touchpoints()");
    }
}
