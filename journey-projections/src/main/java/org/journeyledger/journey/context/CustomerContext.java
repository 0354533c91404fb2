package org.journeyledger.journey.context;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.conversation.ConversationClosedEvent;
import org.journeyledger.journey.conversation.ConversationHandedOverEvent;
import org.journeyledger.journey.conversation.ConversationReopenedEvent;
import org.journeyledger.journey.conversation.ConversationStartedEvent;
import org.journeyledger.journey.customer.CustomerJourneyStartedEvent;
import org.journeyledger.journey.fact.FactToldEvent;
import org.journeyledger.journey.issue.IssueRaisedEvent;
import org.journeyledger.journey.issue.IssueResolvedEvent;
import org.journeyledger.journey.promise.PromiseBrokenEvent;
import org.journeyledger.journey.promise.PromiseCancelledEvent;
import org.journeyledger.journey.promise.PromiseKeptEvent;
import org.journeyledger.journey.promise.PromiseMadeEvent;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a channel needs to know about a customer before it speaks to them, folded from the customer's events.
 * <p>
 * This one fold is used by the live projection and, over the events recorded up to a moment, for "what did we know
 * then" reads, so the two can never drift apart. It is a plain mutable document (stored as JSONB) because it is
 * rebuilt event by event and never shared between threads.
 */
public class CustomerContext {

    /** The customer's ledger id. */
    public String customerId;
    /** Identifiers the customer is known by, in the order they were linked. */
    public List<KnownIdentifier> identifiers = new ArrayList<>();
    /** Earliest and latest {@code occurredAt} of the customer's touchpoints. */
    public Instant firstSeen;
    public Instant lastSeen;
    public long touchpointCount;
    /** Per channel: how often the customer used it and their latest touchpoint there (by {@code occurredAt}). */
    public SortedMap<String, ChannelUse> channels = new TreeMap<>();
    /** Conversations by id, open and closed. */
    public SortedMap<String, ConversationView> conversations = new TreeMap<>();
    /** What the customer told us, latest value per key. */
    public SortedMap<String, FactView> facts = new TreeMap<>();
    /** Issues the customer raised, by id. */
    public SortedMap<String, IssueView> issues = new TreeMap<>();
    /** Promises made to the customer, by id. */
    public SortedMap<String, PromiseView> promises = new TreeMap<>();
    /** When the ledger recorded the latest event folded into this document. */
    public Instant knownAsOf;

    /** An identifier with where and when the ledger learned it. */
    public record KnownIdentifier(String type, String value, String source, Instant linkedAt) {
    }

    /** How a customer used one channel. */
    public static class ChannelUse {
        public long touchpointCount;
        public LastTouchpoint lastTouchpoint;
    }

    /** The latest touchpoint in one channel. */
    public record LastTouchpoint(String eventId, String type, String source, String sourceEventId,
                                 Instant occurredAt, Instant recordedAt) {
    }

    /** An empty context for a customer, to fold events into. */
    public static CustomerContext empty(String customerId) {
        CustomerContext context = new CustomerContext();
        context.customerId = customerId;
        return context;
    }

    /**
     * Folds one event into the context. Events of types this fold does not know are ignored, so new event types never
     * break older readers.
     *
     * @param payload    the event's payload
     * @param eventId    the ledger's id of the event
     * @param recordedAt when the ledger recorded it
     */
    public void apply(Object payload, String eventId, Instant recordedAt) {
        if (payload instanceof CustomerJourneyStartedEvent) {
            // Nothing to show yet: the identifiers and touchpoint follow in the same stream.
        } else if (payload instanceof IdentifierLinkedEvent linked) {
            identifiers.add(new KnownIdentifier(linked.identifier().type(), linked.identifier().value(),
                    linked.source(), recordedAt));
        } else if (payload instanceof TouchpointRecordedEvent touchpoint) {
            onTouchpoint(touchpoint, eventId, recordedAt);
        } else if (payload instanceof ConversationStartedEvent started) {
            ConversationView conversation = conversations.computeIfAbsent(started.conversationId(),
                    ConversationView::new);
            conversation.startedAt = started.origin().occurredAt();
            conversation.channels.add(started.origin().channel());
        } else if (payload instanceof ConversationHandedOverEvent handover) {
            conversation(handover.conversationId()).channels.add(handover.origin().channel());
        } else if (payload instanceof ConversationReopenedEvent reopened) {
            ConversationView conversation = conversation(reopened.conversationId());
            conversation.status = "open";
            conversation.closedAt = null;
            conversation.resolution = null;
        } else if (payload instanceof ConversationClosedEvent closed) {
            ConversationView conversation = conversation(closed.conversationId());
            conversation.status = "closed";
            conversation.closedAt = closed.origin().occurredAt();
            conversation.resolution = closed.resolution();
        } else if (payload instanceof FactToldEvent fact) {
            onFact(fact, recordedAt);
        } else if (payload instanceof IssueRaisedEvent raised) {
            onIssueRaised(raised);
        } else if (payload instanceof IssueResolvedEvent resolved) {
            IssueView issue = issues.get(resolved.issueId());
            issue.status = "resolved";
            issue.resolvedAt = resolved.origin().occurredAt();
            issue.resolvedIn = resolved.origin().channel();
            issue.resolution = resolved.resolution();
            issue.release = resolved.release();
        } else if (payload instanceof PromiseMadeEvent made) {
            onPromiseMade(made);
        } else if (payload instanceof PromiseKeptEvent kept) {
            PromiseView promise = promises.get(kept.promiseId());
            promise.status = "kept";
            promise.keptAt = kept.origin().occurredAt();
            promise.keptIn = kept.origin().channel();
            promise.keptLate = kept.late();
        } else if (payload instanceof PromiseCancelledEvent cancelled) {
            PromiseView promise = promises.get(cancelled.promiseId());
            promise.status = "cancelled";
            promise.cancelledAt = cancelled.origin().occurredAt();
            promise.cancelReason = cancelled.reason();
        } else if (payload instanceof PromiseBrokenEvent broken) {
            PromiseView promise = promises.get(broken.promiseId());
            promise.status = "broken";
            promise.brokenAt = recordedAt;
        }
        if (knownAsOf == null || recordedAt.isAfter(knownAsOf)) {
            knownAsOf = recordedAt;
        }
    }

    private void onTouchpoint(TouchpointRecordedEvent touchpoint, String eventId, Instant recordedAt) {
        if (touchpoint.conversationId() != null) {
            // The conversation events of this touchpoint follow it in the stream; create the view now so the
            // message lands in it whatever they turn out to be.
            ConversationView conversation = conversations.computeIfAbsent(touchpoint.conversationId(),
                    ConversationView::new);
            if ("interaction".equals(touchpoint.type())) {
                message(conversation, new ConversationView.Message(eventId, touchpoint.channel(),
                        text(touchpoint, "kind"), text(touchpoint, "direction"), text(touchpoint, "summary"),
                        text(touchpoint, "text"), touchpoint.actor(), touchpoint.occurredAt()));
            }
        }
        Instant occurredAt = touchpoint.occurredAt();
        touchpointCount++;
        if (firstSeen == null || occurredAt.isBefore(firstSeen)) {
            firstSeen = occurredAt;
        }
        if (lastSeen == null || occurredAt.isAfter(lastSeen)) {
            lastSeen = occurredAt;
        }
        ChannelUse use = channels.computeIfAbsent(touchpoint.channel(), channel -> new ChannelUse());
        use.touchpointCount++;
        // A late arrival (a POS batch uploaded at night) must not displace a more recent touchpoint.
        if (use.lastTouchpoint == null || !occurredAt.isBefore(use.lastTouchpoint.occurredAt())) {
            use.lastTouchpoint = new LastTouchpoint(eventId, touchpoint.type(), touchpoint.source(),
                    touchpoint.sourceEventId(), occurredAt, recordedAt);
        }
    }

    private static void message(ConversationView conversation, ConversationView.Message message) {
        conversation.messageCount++;
        if (conversation.lastMessage == null || !message.occurredAt().isBefore(conversation.lastMessage.occurredAt())) {
            conversation.lastMessage = message;
        }
        if (conversation.lastActivityAt == null || message.occurredAt().isAfter(conversation.lastActivityAt)) {
            conversation.lastActivityAt = message.occurredAt();
        }
    }

    private ConversationView conversation(String conversationId) {
        return conversations.get(conversationId);
    }

    private void onFact(FactToldEvent fact, Instant recordedAt) {
        FactView view = facts.computeIfAbsent(fact.key(), key -> new FactView());
        view.timesTold++;
        // A later fact supersedes an earlier one; a late arrival of an older statement does not.
        if (view.toldAt == null || !fact.origin().occurredAt().isBefore(view.toldAt)) {
            view.key = fact.key();
            view.value = fact.value();
            view.channel = fact.origin().channel();
            view.source = fact.origin().source();
            view.actor = fact.origin().actor();
            view.conversationId = fact.origin().conversationId();
            view.toldAt = fact.origin().occurredAt();
            view.recordedAt = recordedAt;
        }
    }

    private void onIssueRaised(IssueRaisedEvent raised) {
        IssueView issue = new IssueView();
        issue.issueId = raised.issueId();
        issue.description = raised.description();
        issue.category = raised.category();
        issue.raisedIn = raised.origin().channel();
        issue.raisedBy = raised.origin().actor();
        issue.conversationId = raised.origin().conversationId();
        issue.raisedAt = raised.origin().occurredAt();
        issues.put(raised.issueId(), issue);
        if (issue.conversationId != null && conversations.containsKey(issue.conversationId)) {
            conversations.get(issue.conversationId).issueIds.add(raised.issueId());
        }
    }

    private void onPromiseMade(PromiseMadeEvent made) {
        PromiseView promise = new PromiseView();
        promise.promiseId = made.promiseId();
        promise.description = made.description();
        promise.dueAt = made.dueAt();
        promise.madeIn = made.origin().channel();
        promise.madeBy = made.origin().actor();
        promise.conversationId = made.origin().conversationId();
        promise.madeAt = made.origin().occurredAt();
        promises.put(made.promiseId(), promise);
        if (promise.conversationId != null && conversations.containsKey(promise.conversationId)) {
            conversations.get(promise.conversationId).promiseIds.add(made.promiseId());
        }
    }

    private static String text(TouchpointRecordedEvent touchpoint, String field) {
        JsonNode value = touchpoint.data().get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
