package org.journeyledger.journey.erasure;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.journeyledger.journey.customer.CustomerJourney;
import org.journeyledger.journey.erasure.PersonalDataCipher.Active;
import org.journeyledger.journey.erasure.PersonalDataCipher.KeyState;
import org.journeyledger.journey.erasure.PersonalDataCipher.TamperedException;
import org.journeyledger.journey.eventstore.SnapshotProtection;
import org.journeyledger.journey.json.InstantText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Customer snapshots sealed with the customer's data key. The aggregate's fields (all of them, private ones
 * included) are written as JSON, that JSON is encrypted as one value with AES-GCM ({@link PersonalDataCipher}) and
 * stored as {@code {"customerId": …, "sealed": "jlenc1:j:…"}}. The authenticated data names the customer and the
 * snapshot's revision, so a snapshot moved to another customer, altered, or of another shape of the aggregate is
 * ignored and the customer folded from the stream. Once the key is destroyed no snapshot of the customer opens.
 */
final class SealedSnapshots implements SnapshotProtection {

    private static final Logger log = LoggerFactory.getLogger(SealedSnapshots.class);
    private static final JsonPointer WHOLE = JsonPointer.empty();

    private final DataKeys keys;
    private final JdbcTemplate jdbc;
    /** For what else a snapshot carries (its metadata): the event store's own serializer. */
    private final Serializer plain;
    private final ObjectMapper mapper = stateMapper();
    private final JacksonSerializer state = JacksonSerializer.builder().objectMapper(mapper).build();
    private final Serializer serializer = new Sealing();
    /**
     * The state the filter last opened on this thread, with the stored bytes it came from: Axon deserialises a
     * snapshot right after its filter let it through, and opening it again (decrypting, parsing) would double the
     * snapshot's share of a cold load.
     */
    private final ThreadLocal<Opened> lastOpened = new ThreadLocal<>();

    private record Opened(Object stored, JsonNode state) {
    }

    SealedSnapshots(DataKeys keys, JdbcTemplate jdbc, Serializer plain) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.plain = plain;
    }

    /** The aggregate's state as it is in memory: every field, no getters, no setters. */
    private static ObjectMapper stateMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(InstantText.module())
                .visibility(PropertyAccessor.ALL, Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, Visibility.ANY)
                .visibility(PropertyAccessor.CREATOR, Visibility.ANY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    @Override
    public Serializer serializer() {
        return serializer;
    }

    @Override
    public SnapshotFilter filter() {
        return this::opens;
    }

    @Override
    public boolean canSeal(String customerId) {
        // Asked of the database, not of the cached key: an erasure committed a moment ago must be seen.
        return keys.isActive(customerId);
    }

    @Override
    public void forget(String customerId) {
        jdbc.update("DELETE FROM snapshot_event_entry WHERE aggregate_identifier = ?", customerId);
    }

    /** Whether a stored snapshot is of the current revision and opens with its customer's key. */
    private boolean opens(DomainEventData<?> snapshot) {
        SerializedObject<?> payload = snapshot.getPayload();
        String current = state.typeForClass(state.classForType(payload.getType())).getRevision();
        if (!Objects.equals(current, payload.getType().getRevision())) {
            log.debug("Snapshot of {} at {} is of revision {}, not {}: folding from the stream",
                    snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber(), payload.getType().getRevision(),
                    current);
            return false;
        }
        try {
            JsonNode opened = open(payload, snapshot.getAggregateIdentifier());
            lastOpened.set(opened == null ? null : new Opened(payload.getData(), opened));
            return opened != null;
        } catch (TamperedException e) {
            log.error("Snapshot of {} at {} does not authenticate (altered or moved); ignored, folding the customer "
                    + "from the stream", snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber(), e);
            return false;
        }
    }

    /**
     * The snapshot's state, or null when its customer's key is destroyed.
     *
     * @param streamId the stream the snapshot was stored for, null when the caller does not know it
     * @throws TamperedException when it does not authenticate or was sealed for another stream than {@code streamId}
     */
    private JsonNode open(SerializedObject<?> payload, String streamId) throws TamperedException {
        byte[] bytes = state.getConverter().convert(payload, byte[].class).getData();
        JsonNode envelope = read(bytes);
        String customerId = envelope.path("customerId").asText();
        if (streamId != null && !streamId.equals(customerId)) {
            throw new TamperedException("customer " + customerId + "'s snapshot stored for " + streamId, null);
        }
        KeyState key = keys.forRead(customerId);
        if (!(key instanceof Active active)) {
            return null;
        }
        return PersonalDataCipher.decryptValue(envelope.path("sealed").asText(),
                context(customerId, payload.getType()), WHOLE, active.key());
    }

    private static String context(String customerId, SerializedType type) {
        return "snapshot:" + customerId + ":" + type.getName() + ":" + type.getRevision();
    }

    private JsonNode read(byte[] bytes) {
        try {
            return mapper.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored snapshot is not JSON", e);
        }
    }

    private final class Sealing implements Serializer {

        @Override
        public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
            if (!(object instanceof CustomerJourney)) {
                return plain.serialize(object, expectedRepresentation);
            }
            JsonNode tree = mapper.valueToTree(object);
            String customerId = tree.path("customerId").asText();
            if (!(keys.forRead(customerId) instanceof Active active)) {
                throw new IllegalStateException("Customer " + customerId + " is erased: no snapshot can be sealed");
            }
            SerializedType type = state.typeForClass(object.getClass());
            ObjectNode envelope = mapper.createObjectNode().put("customerId", customerId)
                    .put("sealed", PersonalDataCipher.encryptValue(tree, context(customerId, type), WHOLE,
                            active.key()));
            byte[] bytes;
            try {
                bytes = mapper.writeValueAsBytes(envelope);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return state.getConverter().convert(new SimpleSerializedObject<>(bytes, byte[].class, type),
                    expectedRepresentation);
        }

        @Override
        public <S, T> T deserialize(SerializedObject<S> serializedObject) {
            if (!CustomerJourney.class.getName().equals(serializedObject.getType().getName())) {
                return plain.deserialize(serializedObject);
            }
            Opened filtered = lastOpened.get();
            lastOpened.remove();
            if (filtered != null && filtered.stored() == serializedObject.getData()) {
                return state.deserialize(new SimpleSerializedObject<>(filtered.state(), JsonNode.class,
                        serializedObject.getType()));
            }
            JsonNode opened;
            try {
                // The filter has checked the stream already; the serializer is not told which it is.
                opened = open(serializedObject, null);
            } catch (TamperedException e) {
                throw new IllegalStateException("A snapshot does not authenticate", e);
            }
            if (opened == null) {
                throw new IllegalStateException("The snapshot's customer is erased: it cannot be opened");
            }
            return state.deserialize(new SimpleSerializedObject<>(opened, JsonNode.class, serializedObject.getType()));
        }

        @Override
        public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
            return state.canSerializeTo(expectedRepresentation);
        }

        @Override
        public Class classForType(SerializedType type) {
            return state.classForType(type);
        }

        @Override
        public SerializedType typeForClass(Class type) {
            return state.typeForClass(type);
        }

        @Override
        public Converter getConverter() {
            return state.getConverter();
        }
    }
}
