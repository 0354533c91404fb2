package org.journeyledger.journey.publication;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.journeyledger.journey.config.JourneyProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every event of the ledger to {@code journey.events}, keyed by customer id, so that other systems
 * (marketing suppression, CRM, BI) can follow the ledger without reading its database.
 * <p>
 * It is an Axon streaming processor ({@value #PROCESSING_GROUP}) with its token in PostgreSQL, sequenced per
 * aggregate, so each customer's events are sent in order from one thread and land, by key, on one partition. A batch
 * is sent asynchronously and then awaited before the unit of work commits: the token advances only once the broker
 * has acknowledged every record of the batch ({@code acks=all}, idempotent producer, which also keeps the order
 * under retries). A crash republishes at most the batches that were not yet committed; consumers deduplicate by
 * {@code eventId}. Replays are refused: re-publishing the whole ledger is a decision for operators, not a side
 * effect of resetting a token.
 */
@Component
@ProcessingGroup(LedgerEventPublisher.PROCESSING_GROUP)
@DisallowReplay
class LedgerEventPublisher {

    static final String PROCESSING_GROUP = "journey-events-publisher";
    static final String SCHEMA_HEADER = "journey-schema";
    static final String EVENT_ID_HEADER = "journey-event-id";
    static final String TYPE_HEADER = "journey-event-type";
    private static final String PENDING = LedgerEventPublisher.class.getName() + ".pending";
    private static final long ACK_TIMEOUT_SECONDS = 120;

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final Serializer serializer;
    private final ObjectMapper mapper;
    private final String topic;

    LedgerEventPublisher(KafkaTemplate<byte[], byte[]> kafka, @Qualifier("eventSerializer") Serializer serializer,
                         JourneyProperties properties) {
        this.kafka = kafka;
        this.serializer = serializer;
        this.mapper = PublicationConfiguration.publicationMapper();
        this.topic = properties.kafka().eventsTopic();
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        PublishedEvent event = toPublished(payload, message);
        byte[] key = event.customerId().getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
                event.recordedAt().toEpochMilli(), key, write(event));
        record.headers().add(new RecordHeader(SCHEMA_HEADER, utf8(PublishedEvent.SCHEMA)));
        record.headers().add(new RecordHeader(EVENT_ID_HEADER, utf8(event.eventId())));
        record.headers().add(new RecordHeader(TYPE_HEADER, utf8(event.type())));
        pendingSendsOfThisBatch().add(kafka.send(record));
    }

    private PublishedEvent toPublished(Object payload, EventMessage<?> message) {
        if (!(message instanceof DomainEventMessage<?> domain)) {
            // The event store hands out only domain events; anything else would have no customer to key it by.
            throw new IllegalStateException("Event " + message.getIdentifier() + " is not a customer's event");
        }
        SerializedObject<byte[]> serialized = serializer.serialize(payload, byte[].class);
        JsonNode json = read(serialized.getData());
        Long globalIndex = message instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                && tracked.trackingToken().position().isPresent() ? tracked.trackingToken().position().getAsLong() : null;
        Instant recordedAt = message.getTimestamp();
        return new PublishedEvent(PublishedEvent.SCHEMA, message.getIdentifier(), typeName(payload.getClass()),
                serialized.getType().getRevision(), domain.getAggregateIdentifier(), domain.getSequenceNumber(),
                globalIndex, occurredAt(json, recordedAt), recordedAt, json);
    }

    /**
     * The sends of the current batch, awaited just before the batch's unit of work (and with it the processor's
     * token) commits. A send that fails or times out fails the commit: the batch is rolled back and handled again.
     */
    private List<CompletableFuture<SendResult<byte[], byte[]>>> pendingSendsOfThisBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            List<CompletableFuture<SendResult<byte[], byte[]>>> sends = new ArrayList<>();
            batch.onPrepareCommit(u -> awaitAcknowledgements(sends));
            return sends;
        });
    }

    private void awaitAcknowledgements(List<CompletableFuture<SendResult<byte[], byte[]>>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka to acknowledge published events", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + sends.size() + " events published to "
                    + topic + "; the batch will be published again (consumers deduplicate by eventId)", e);
        }
    }

    private static Instant occurredAt(JsonNode payload, Instant recordedAt) {
        JsonNode occurredAt = payload.path("occurredAt");
        if (occurredAt.isTextual()) {
            try {
                return Instant.parse(occurredAt.asText());
            } catch (DateTimeParseException e) {
                return recordedAt;
            }
        }
        return recordedAt;
    }

    static String typeName(Class<?> payloadType) {
        String name = payloadType.getSimpleName();
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }

    private JsonNode read(byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored event payload is not JSON", e);
        }
    }

    private byte[] write(PublishedEvent event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write event " + event.eventId() + " as JSON", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
