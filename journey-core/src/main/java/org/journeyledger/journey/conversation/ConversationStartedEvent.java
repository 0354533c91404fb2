package org.journeyledger.journey.conversation;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * A conversation began with this touchpoint; its channel is the first of the conversation.
 */
@Revision("1")
public record ConversationStartedEvent(CustomerId customerId, String conversationId, Origin origin) implements CausedByTouchpoint {
}
