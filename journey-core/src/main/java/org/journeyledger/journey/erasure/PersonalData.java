package org.journeyledger.journey.erasure;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.commerce.PriceAdjustedEvent;
import org.journeyledger.journey.consent.PreferenceStatedEvent;
import org.journeyledger.journey.conversation.ConversationClosedEvent;
import org.journeyledger.journey.deal.DealAgreedEvent;
import org.journeyledger.journey.deal.DealWithdrawnEvent;
import org.journeyledger.journey.fact.FactToldEvent;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
import org.journeyledger.journey.issue.IssueRaisedEvent;
import org.journeyledger.journey.issue.IssueResolvedEvent;
import org.journeyledger.journey.promise.PromiseCancelledEvent;
import org.journeyledger.journey.promise.PromiseMadeEvent;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which values of a stored event payload are personal data, so that they are stored encrypted with the customer's
 * key and become unreadable when the customer is erased. Everything else (ids, types, channels, times, amounts,
 * skus, consents) stays in clear, so analytics and the shape of the history survive an erasure. The table of what
 * is and is not personal data is in {@code docs/audit.md#what-is-personal-data}; this class is its executable form.
 * <p>
 * A touchpoint's free-form {@code data} is personal by default: for each typed touchpoint the fields known to be
 * non-personal are listed, every other field (including any of an untyped touchpoint) is treated as personal.
 */
public final class PersonalData {

    /** What a personal string value reads as once its customer is erased. */
    public static final String ERASED = "[erased]";

    private static final Map<String, List<JsonPointer>> FIELDS = Map.ofEntries(
            Map.entry(IdentifierLinkedEvent.class.getName(), pointers("/identifier/value")),
            Map.entry(FactToldEvent.class.getName(), pointers("/value")),
            Map.entry(IssueRaisedEvent.class.getName(), pointers("/description")),
            Map.entry(IssueResolvedEvent.class.getName(), pointers("/resolution")),
            Map.entry(PromiseMadeEvent.class.getName(), pointers("/description")),
            Map.entry(PromiseCancelledEvent.class.getName(), pointers("/reason")),
            Map.entry(ConversationClosedEvent.class.getName(), pointers("/resolution")),
            Map.entry(PriceAdjustedEvent.class.getName(), pointers("/reason")),
            Map.entry(DealAgreedEvent.class.getName(), pointers("/terms")),
            Map.entry(DealWithdrawnEvent.class.getName(), pointers("/reason")),
            Map.entry(PreferenceStatedEvent.class.getName(), pointers("/value")));

    /** Per typed touchpoint: the fields of its {@code data} that are not personal. */
    private static final Map<String, Set<String>> CLEAR_TOUCHPOINT_DATA = Map.ofEntries(
            Map.entry("interaction", Set.of("kind", "direction", "sentiment", "csat")),
            Map.entry("fact", Set.of("key")),
            Map.entry("issue_raised", Set.of("issueId", "category")),
            Map.entry("issue_resolved", Set.of("issueId", "release")),
            Map.entry("promise", Set.of("promiseId", "dueAt")),
            Map.entry("promise_kept", Set.of("promiseId")),
            Map.entry("promise_cancelled", Set.of("promiseId")),
            Map.entry("conversation_closed", Set.of()),
            Map.entry("purchase", Set.of("orderId", "storeId", "items", "total", "currency")),
            Map.entry("return", Set.of("orderId", "items", "amount", "currency")),
            Map.entry("price_adjustment", Set.of("orderId", "amount", "currency")),
            Map.entry("deal", Set.of("dealId", "validFrom", "validUntil", "agreedBy")),
            Map.entry("deal_withdrawn", Set.of("dealId")),
            Map.entry("offer", Set.of("offerId", "campaign", "skus", "discountPercent", "validUntil")),
            Map.entry("preference", Set.of("key")),
            Map.entry("consent", Set.of("purpose", "granted")));

    private PersonalData() {
    }

    /** Whether events of this payload type (a class name as stored) can hold personal data at all. */
    public static boolean mayHold(String payloadType) {
        return FIELDS.containsKey(payloadType) || TouchpointRecordedEvent.class.getName().equals(payloadType);
    }

    /**
     * The JSON pointers of the personal values in a stored payload of the given type (its class name), present or
     * not. Values that are missing or {@code null} hold nothing and can be skipped by the caller.
     */
    public static List<JsonPointer> in(String payloadType, JsonNode payload) {
        if (TouchpointRecordedEvent.class.getName().equals(payloadType)) {
            return inTouchpoint(payload);
        }
        return FIELDS.getOrDefault(payloadType, List.of());
    }

    /**
     * The personal fields of the {@code data} of a touchpoint of type {@code type}, as pointers relative to
     * {@code data}: those not listed as clear for a typed touchpoint, all of them for any other type.
     */
    public static List<JsonPointer> inTouchpointData(String type, JsonNode data) {
        Set<String> clear = CLEAR_TOUCHPOINT_DATA.getOrDefault(type, Set.of());
        List<JsonPointer> personal = new ArrayList<>();
        for (Iterator<String> names = data.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!clear.contains(name)) {
                personal.add(JsonPointer.compile("/" + escape(name)));
            }
        }
        return personal;
    }

    private static List<JsonPointer> inTouchpoint(JsonNode payload) {
        List<JsonPointer> personal = new ArrayList<>();
        JsonNode identifiers = payload.path("identifiers");
        for (int i = 0; i < identifiers.size(); i++) {
            personal.add(JsonPointer.compile("/identifiers/" + i + "/value"));
        }
        JsonNode data = payload.path("data");
        if (data.isObject()) {
            JsonPointer dataPointer = JsonPointer.compile("/data");
            inTouchpointData(payload.path("type").asText(""), data)
                    .forEach(field -> personal.add(dataPointer.append(field)));
        }
        return personal;
    }

    private static List<JsonPointer> pointers(String... pointers) {
        return java.util.Arrays.stream(pointers).map(JsonPointer::compile).toList();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
