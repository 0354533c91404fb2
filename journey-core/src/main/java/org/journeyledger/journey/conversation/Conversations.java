package org.journeyledger.journey.conversation;

import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.Touchpoint;
import org.journeyledger.journey.touchpoint.TouchpointRefusedException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conversation rules of one customer: a touchpoint with a conversation id starts that conversation, continues it
 * (a handover when the channel changes) or reopens it; {@code conversation_closed} closes an open one.
 */
public final class Conversations {

    private final Map<String, State> conversations = new HashMap<>();

    private record State(boolean open, String lastChannel) {
    }

    /**
     * The conversation events a touchpoint causes, in order.
     *
     * @throws TouchpointRefusedException when closing a conversation that is unknown or already closed
     */
    public List<Object> decide(CustomerId customerId, Touchpoint touchpoint, Origin origin) {
        String id = touchpoint.conversationId();
        List<Object> events = new ArrayList<>();
        if (id == null) {
            return events;
        }
        State state = conversations.get(id);
        boolean closing = touchpoint.details() instanceof ConversationClosedDetails;
        if (closing && (state == null || !state.open())) {
            throw new TouchpointRefusedException("conversationId", state == null
                    ? "Conversation '" + id + "' is unknown for this customer; only a conversation that has begun can be closed"
                    : "Conversation '" + id + "' is already closed");
        }
        if (state == null) {
            events.add(new ConversationStartedEvent(customerId, id, origin));
            return events;
        }
        if (!state.open()) {
            events.add(new ConversationReopenedEvent(customerId, id, origin));
        }
        if (!origin.channel().equals(state.lastChannel())) {
            events.add(new ConversationHandedOverEvent(customerId, id, state.lastChannel(), origin));
        }
        if (closing) {
            events.add(new ConversationClosedEvent(customerId, id,
                    ((ConversationClosedDetails) touchpoint.details()).resolution(), origin));
        }
        return events;
    }

    public void on(ConversationStartedEvent event) {
        conversations.put(event.conversationId(), new State(true, event.origin().channel()));
    }

    public void on(ConversationHandedOverEvent event) {
        conversations.computeIfPresent(event.conversationId(),
                (id, state) -> new State(state.open(), event.origin().channel()));
    }

    public void on(ConversationReopenedEvent event) {
        conversations.computeIfPresent(event.conversationId(), (id, state) -> new State(true, state.lastChannel()));
    }

    public void on(ConversationClosedEvent event) {
        conversations.computeIfPresent(event.conversationId(), (id, state) -> new State(false, state.lastChannel()));
    }
}
