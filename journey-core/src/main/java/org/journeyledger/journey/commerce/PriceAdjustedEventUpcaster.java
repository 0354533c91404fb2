package org.journeyledger.journey.commerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Reads {@link PriceAdjustedEvent} revision 1 ({@code "amount": "11.99", "currency": "EUR"}) as revision 2
 * ({@code "adjustment": {"amount": "11.99", "currency": "EUR"}}). Stored bytes are never rewritten: the upcast
 * happens on every read, so the hash chain, computed over the stored bytes, stays intact.
 */
public final class PriceAdjustedEventUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 =
            new SimpleSerializedType(PriceAdjustedEvent.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 =
            new SimpleSerializedType(PriceAdjustedEvent.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ObjectNode event = (ObjectNode) payload;
            ObjectNode adjustment = event.objectNode();
            adjustment.set("amount", event.remove("amount"));
            adjustment.set("currency", event.remove("currency"));
            event.set("adjustment", adjustment);
            return event;
        });
    }
}
