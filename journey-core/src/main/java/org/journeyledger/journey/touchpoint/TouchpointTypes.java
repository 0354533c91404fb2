package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.conversation.ConversationClosedDetails;
import org.journeyledger.journey.conversation.InteractionDetails;
import org.journeyledger.journey.fact.FactDetails;
import org.journeyledger.journey.issue.IssueRaisedDetails;
import org.journeyledger.journey.issue.IssueResolvedDetails;
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

    private static final Map<String, Function<TouchpointData, TouchpointDetails>> READERS = Map.of(
            "interaction", InteractionDetails::read,
            "conversation_closed", ConversationClosedDetails::read,
            "fact", FactDetails::read,
            "issue_raised", IssueRaisedDetails::read,
            "issue_resolved", IssueResolvedDetails::read,
            "promise", PromiseDetails::read,
            "promise_kept", PromiseKeptDetails::read,
            "promise_cancelled", PromiseCancelledDetails::read);

    private TouchpointTypes() {
    }

    /** The types with validated data. */
    public static Set<String> typed() {
        return READERS.keySet();
    }

    /**
     * Reads and validates the data of a touchpoint of the given type.
     *
     * @return the details, or null for a type with free-form data
     * @throws InvalidTouchpointDataException naming every missing or malformed field
     */
    public static TouchpointDetails read(String type, ObjectNode data, String conversationId, Instant occurredAt) {
        Function<TouchpointData, TouchpointDetails> reader = READERS.get(type);
        if (reader == null) {
            return null;
        }
        TouchpointData fields = new TouchpointData(data, conversationId, occurredAt);
        TouchpointDetails details = reader.apply(fields);
        fields.requireValid();
        return details;
    }
}
