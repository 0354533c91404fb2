package org.journeyledger.journey.commerce;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PriceAdjustedEventUpcasterTest {

    /** The serializer as the event store configures it. */
    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build()).build();

    @Test
    void aStoredRevisionOneAdjustmentIsReadWithItsMoneyTogether() throws IOException {
        List<IntermediateEventRepresentation> upcast = new EventUpcasterChain(new PriceAdjustedEventUpcaster())
                .upcast(Stream.of(new InitialEventRepresentation(stored("1", sample()), serializer)))
                .toList();

        assertThat(upcast).hasSize(1);
        SerializedObject<?> data = upcast.get(0).getData();
        assertThat(data.getType().getRevision()).isEqualTo("2");
        PriceAdjustedEvent event = serializer.deserialize(data);
        assertThat(event.adjustment()).isEqualTo(new Money(new BigDecimal("11.99"), "EUR"));
        assertThat(event.orderId()).isEqualTo("POS-1");
        assertThat(event.reason()).isEqualTo("Price protection spring-30");
        assertThat(event.origin().channel()).isEqualTo("call_centre");
        assertThat(event.origin().occurredAt()).isEqualTo(Instant.parse("2026-11-23T18:23:25Z"));
    }

    @Test
    void aRevisionTwoEventIsLeftAsItIs() {
        byte[] revisionTwo = serializer.serialize(new PriceAdjustedEvent(null, "POS-2",
                new Money(new BigDecimal("4.00"), "USD"), "goodwill", null), byte[].class).getData();

        List<IntermediateEventRepresentation> upcast = new EventUpcasterChain(new PriceAdjustedEventUpcaster())
                .upcast(Stream.of(new InitialEventRepresentation(stored("2", revisionTwo), serializer)))
                .toList();

        PriceAdjustedEvent event = serializer.deserialize(upcast.get(0).getData());
        assertThat(event.adjustment()).isEqualTo(new Money(new BigDecimal("4.00"), "USD"));
    }

    private static GenericDomainEventEntry<byte[]> stored(String revision, byte[] payload) {
        return new GenericDomainEventEntry<>("CustomerJourney", "c777873f", 7, "e-1", Instant.now(),
                PriceAdjustedEvent.class.getName(), revision, payload, "{}".getBytes());
    }

    private static byte[] sample() throws IOException {
        try (InputStream in = PriceAdjustedEventUpcasterTest.class
                .getResourceAsStream("/upcasting/PriceAdjustedEvent-revision-1.json")) {
            return in.readAllBytes();
        }
    }
}
