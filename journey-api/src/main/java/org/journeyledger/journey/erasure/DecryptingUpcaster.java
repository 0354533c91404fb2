package org.journeyledger.journey.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decrypts the personal values of events as they are read from the store, for aggregates, projections, the as-of
 * fold and the publication alike; an erased customer's values read as {@link
 * org.journeyledger.journey.erasure.PersonalData#ERASED}, so a replay after an erasure neither fails nor brings the
 * data back. Like any upcaster it transforms on read only: the stored bytes, which the chain hashes and the audit
 * export shows, stay ciphertext. It runs first in the upcaster chain, so later upcasters see plain values.
 */
final class DecryptingUpcaster extends SingleEventUpcaster {

    private static final Logger log = LoggerFactory.getLogger(DecryptingUpcaster.class);

    private final DataKeys keys;

    DecryptingUpcaster(DataKeys keys) {
        this.keys = keys;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return PersonalData.mayHold(representation.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String customerId = representation.getAggregateIdentifier().orElse(null);
        String eventId = representation.getMessageIdentifier();
        String payloadType = representation.getType().getName();
        // A tree, not bytes: the serializer deserialises the event from it, so the payload is parsed once rather
        // than parsed, written back and parsed again (the event store's mapper keeps decimals' scale in trees).
        return representation.upcastPayload(representation.getType(), JsonNode.class, payload -> {
            PersonalDataCipher.decrypt(payload, payloadType, eventId,
                    () -> customerId == null ? new PersonalDataCipher.Destroyed() : keys.forRead(customerId),
                    (event, pointer, problem) -> log.error("Event {} of customer {}: the personal value at {} "
                            + "does not authenticate and reads as {}; verify the chain with GET "
                            + "/api/audit/customers/{}/verify", event, customerId, pointer,
                            PersonalDataCipher.UNDECRYPTABLE, customerId, problem));
            return payload;
        });
    }
}
