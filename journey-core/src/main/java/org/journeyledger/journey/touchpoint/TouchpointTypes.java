package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.commerce.PriceAdjustmentDetails;
import org.journeyledger.journey.commerce.PurchaseDetails;
import org.journeyledger.journey.commerce.ReturnDetails;
import org.journeyledger.journey.consent.ConsentDetails;
import org.journeyledger.journey.consent.PreferenceDetails;
import org.journeyledger.journey.conversation.ConversationClosedDetails;
import org.journeyledger.journey.deal.DealDetails;
import org.journeyledger.journey.deal.DealWithdrawnDetails;
import org.journeyledger.journey.conversation.InteractionDetails;
import org.journeyledger.journey.fact.FactDetails;
import org.journeyledger.journey.issue.IssueRaisedDetails;
import org.journeyledger.journey.issue.IssueResolvedDetails;
import org.journeyledger.journey.offer.OfferDetails;
import org.journeyledger.journey.promise.PromiseCancelledDetails;
import org.journeyledger.journey.promise.PromiseDetails;
import org.journeyledger.journey.promise.PromiseKeptDetails;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The touchpoint types whose {@code data} the ledger understands and validates, each documented with an example in
 * {@code docs/events.md}. Any other snake-case type is accepted with free-form data.
 */
public final class TouchpointTypes {

    private static final Map<String, Function<TouchpointData, TouchpointDetails>> READERS = Map.ofEntries(
            Map.entry("interaction", InteractionDetails::read),
            Map.entry("conversation_closed", ConversationClosedDetails::read),
            Map.entry("fact", FactDetails::read),
            Map.entry("issue_raised", IssueRaisedDetails::read),
            Map.entry("issue_resolved", IssueResolvedDetails::read),
            Map.entry("promise", PromiseDetails::read),
            Map.entry("promise_kept", PromiseKeptDetails::read),
            Map.entry("promise_cancelled", PromiseCancelledDetails::read),
            Map.entry("purchase", PurchaseDetails::read),
            Map.entry("return", ReturnDetails::read),
            Map.entry("price_adjustment", PriceAdjustmentDetails::read),
            Map.entry("deal", DealDetails::read),
            Map.entry("deal_withdrawn", DealWithdrawnDetails::read),
            Map.entry("offer", OfferDetails::read),
            Map.entry("preference", PreferenceDetails::read),
            Map.entry("consent", ConsentDetails::read));

    private TouchpointTypes() {
    }

    /** The types with validated data. */
    public static Set<String> typed() {
        return READERS.keySet();
    }

    /**
     * Reads and validates the data of a touchpoint of the given type.
     *
     * @param type the envelope's type; null when it was missing (then there are no details to read)
     * @return the details, or null for a type with free-form data
     * @throws InvalidTouchpointDataException naming every missing or malformed field
     */
    public static TouchpointDetails read(String type, ObjectNode data, String conversationId, Instant occurredAt) {
        // Map.ofEntries(...).get(null) throws instead of answering null.
        Function<TouchpointData, TouchpointDetails> reader = type == null ? null : READERS.get(type);
        if (reader == null) {
            return null;
        }
        TouchpointData fields = new TouchpointData(data, conversationId, occurredAt);
        TouchpointDetails details = reader.apply(fields);
        fields.requireValid();
        return details;
    }
}
