package org.journeyledger.journey.conversation;

import org.journeyledger.journey.touchpoint.TouchpointData;
import org.journeyledger.journey.touchpoint.TouchpointDetails;

/**
 * Data of a {@code conversation_closed} touchpoint; the envelope's {@code conversationId} names the conversation.
 */
public record ConversationClosedDetails(String resolution) implements TouchpointDetails {

    public static ConversationClosedDetails read(TouchpointData data) {
        if (data.conversationId() == null) {
            data.problem("/conversationId", "is required for type conversation_closed");
        }
        return new ConversationClosedDetails(data.optionalText("resolution", 2000));
    }
}
