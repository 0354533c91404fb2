package org.journeyledger.journey.context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one conversation stands: the channels it passed through, its last message and what was raised or promised
 * in it. A section of {@link CustomerContext}.
 */
public class ConversationView {

    public String conversationId;
    /** {@code open} or {@code closed}. */
    public String status = "open";
    public Instant startedAt;
    /** The channels in the order the conversation moved through them, e.g. {@code [app, store, web]}. */
    public List<String> channels = new ArrayList<>();
    public long messageCount;
    public Message lastMessage;
    public List<String> issueIds = new ArrayList<>();
    public List<String> promiseIds = new ArrayList<>();
    public Instant lastActivityAt;
    public Instant closedAt;
    public String resolution;

    /** For Jackson. */
    public ConversationView() {
    }

    ConversationView(String conversationId) {
        this.conversationId = conversationId;
    }

    /** One message (call, visit, chat message…) of the conversation. */
    public record Message(String eventId, String channel, String kind, String direction, String summary, String text,
                          String actor, Instant occurredAt) {
    }
}
