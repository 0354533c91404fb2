package org.journeyledger.journey.publication;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.KafkaTopics.header;
import static org.journeyledger.journey.support.KafkaTopics.readUntil;
import static org.journeyledger.journey.support.KafkaTopics.text;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

class EventPublicationTest extends LedgerIntegrationTest {

    private static final String EVENTS = "journey.events";

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void everyEventIsPublishedInOrderPerCustomerUnderTheIdsTheApiAnswered() {
        String card = loyaltyCard();
        String email = email();
        Instant bought = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        HttpResult visit = record(with(touchpoint("store", "visit", bought), "loyalty_card", card));
        HttpResult login = record(with(with(touchpoint("web", "login", Instant.now()), "loyalty_card", card),
                "email", email));
        HttpResult other = record(with(touchpoint("app", "login", Instant.now()), "email", email()));
        String customerId = visit.body().get("customerId").asText();
        String otherCustomer = other.body().get("customerId").asText();

        // Started, linked card, visit; linked email, login.
        List<JsonNode> events = publishedFor(customerId, 5);
        List<JsonNode> others = publishedFor(otherCustomer, 3);

        assertThat(events).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("CustomerJourneyStarted",
                "IdentifierLinked", "TouchpointRecorded", "IdentifierLinked", "TouchpointRecorded");
        assertThat(events.get(2).get("eventId").asText()).isEqualTo(visit.body().get("eventId").asText());
        assertThat(events.get(4).get("eventId").asText()).isEqualTo(login.body().get("eventId").asText());
        assertThat(events).extracting(e -> e.get("globalIndex").asLong()).isSorted();
        JsonNode recordedPurchase = events.get(2);
        assertThat(recordedPurchase.get("schema").asText()).isEqualTo("journey.event/v1");
        assertThat(recordedPurchase.get("customerId").asText()).isEqualTo(customerId);
        assertThat(recordedPurchase.get("occurredAt").asText()).isEqualTo(bought.toString());
        assertThat(Instant.parse(recordedPurchase.get("recordedAt").asText())).isAfter(bought);
        assertThat(recordedPurchase.get("payloadRevision").asText()).isEqualTo("1");
        assertThat(recordedPurchase.at("/payload/channel").asText()).isEqualTo("store");
        assertThat(recordedPurchase.at("/payload/identifiers/0/value").asText())
                .isEqualTo(card.replace(" ", "").replace("-", ""));
        assertThat(events.get(0).get("occurredAt")).isEqualTo(events.get(0).get("recordedAt"));
        assertThat(others).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void recordsAreKeyedByCustomerAndCarryTheSchemaAndEventIdInHeaders() {
        HttpResult answer = record(with(touchpoint("call_centre", "contact", Instant.now()), "email", email()));
        String customerId = answer.body().get("customerId").asText();
        String eventId = answer.body().get("eventId").asText();

        List<ConsumerRecord<byte[], byte[]>> records = readUntil(EVENTS,
                rs -> rs.stream().anyMatch(r -> eventId.equals(header(r, LedgerEventPublisher.EVENT_ID_HEADER))));
        ConsumerRecord<byte[], byte[]> touchpoint = records.stream()
                .filter(r -> eventId.equals(header(r, LedgerEventPublisher.EVENT_ID_HEADER))).findFirst().orElseThrow();

        assertThat(text(touchpoint.key())).isEqualTo(customerId);
        assertThat(header(touchpoint, LedgerEventPublisher.SCHEMA_HEADER)).isEqualTo("journey.event/v1");
        assertThat(header(touchpoint, LedgerEventPublisher.TYPE_HEADER)).isEqualTo("TouchpointRecorded");
        assertThat(records).filteredOn(r -> customerId.equals(text(r.key())))
                .extracting(ConsumerRecord::partition).containsOnly(touchpoint.partition());
    }

    @Test
    void afterThePublisherIsStoppedAndStartedNoEventIsMissingAndNoneIsPublishedUnderANewId() {
        String card = loyaltyCard();
        String customerId = recordNew(with(touchpoint("store", "visit", Instant.now()), "loyalty_card", card));
        publishedFor(customerId, 3);
        StreamingEventProcessor publisher = processing
                .eventProcessor(LedgerEventPublisher.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();

        publisher.shutDown();
        for (int i = 0; i < 4; i++) {
            recordNew(with(touchpoint("store", "visit", Instant.now()), "loyalty_card", card));
        }
        publisher.start();

        List<JsonNode> events = publishedFor(customerId, 7);
        assertThat(events).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        List<String> stored = jdbc.queryForList("SELECT event_identifier FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number", String.class, customerId);
        assertThat(events).extracting(e -> e.get("eventId").asText()).containsExactlyElementsOf(stored);
    }

    @Test
    void thePublishersLagIsAGaugeLikeEveryProjections() {
        assertThat(get("/actuator/metrics/journey.processor.lag?tag=processor:" + LedgerEventPublisher.PROCESSING_GROUP)
                .status()).isEqualTo(200);
        assertThat(get("/actuator/health").body().at("/components/processors/details/"
                + LedgerEventPublisher.PROCESSING_GROUP + "/running").asBoolean()).isTrue();
    }

    /**
     * The customer's published events, each sequence number once (publication is at least once: a republished event
     * has the same eventId, which is asserted here), in the order they were read from the customer's partition.
     */
    private List<JsonNode> publishedFor(String customerId, int expected) {
        Map<Long, JsonNode> bySequence = new TreeMap<>();
        List<ConsumerRecord<byte[], byte[]>> records = readUntil(EVENTS, rs -> {
            bySequence.clear();
            rs.stream().filter(r -> customerId.equals(text(r.key()))).map(r -> read(r.value())).forEach(event -> {
                JsonNode earlier = bySequence.putIfAbsent(event.get("sequence").asLong(), event);
                assertThat(earlier == null || earlier.get("eventId").equals(event.get("eventId")))
                        .as("sequence %s published under two ids", event.get("sequence")).isTrue();
            });
            return bySequence.size() >= expected;
        });
        List<Long> firstPublications = new ArrayList<>();
        records.stream().filter(r -> customerId.equals(text(r.key())))
                .map(r -> read(r.value()).get("sequence").asLong())
                .forEach(sequence -> {
                    if (!firstPublications.contains(sequence)) {
                        firstPublications.add(sequence);
                    }
                });
        assertThat(firstPublications).as("first publication of each sequence, in partition order").isSorted()
                .hasSize(expected);
        return new ArrayList<>(bySequence.values());
    }

    private static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
