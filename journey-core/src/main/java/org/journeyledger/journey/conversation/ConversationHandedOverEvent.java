package org.journeyledger.journey.conversation;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * The conversation moved to another channel (the customer continued in the store what they began in the app): {@code fromChannel} to the origin's channel.
 */
@Revision("1")
public record ConversationHandedOverEvent(CustomerId customerId, String conversationId, String fromChannel, Origin origin) implements CausedByTouchpoint {
}
