package org.journeyledger.journey.context;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.journeyledger.journey.commerce.ItemsReturnedEvent;
import org.journeyledger.journey.commerce.PriceAdjustedEvent;
import org.journeyledger.journey.commerce.PurchaseMadeEvent;
import org.journeyledger.journey.consent.ConsentGrantedEvent;
import org.journeyledger.journey.consent.ConsentWithdrawnEvent;
import org.journeyledger.journey.consent.PreferenceStatedEvent;
import org.journeyledger.journey.deal.DealAgreedEvent;
import org.journeyledger.journey.deal.DealWithdrawnEvent;
import org.journeyledger.journey.erasure.CustomerErasedEvent;
import org.journeyledger.journey.offer.OfferClearedEvent;
import org.journeyledger.journey.offer.OfferReceivedEvent;
import org.journeyledger.journey.offer.OfferSuppressedEvent;
import org.journeyledger.journey.touchpoint.Origin;
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
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.identity.CustomerMergedIntoEvent;
import org.journeyledger.journey.identity.CustomerRestoredEvent;
import org.journeyledger.journey.identity.CustomersMergedEvent;
import org.journeyledger.journey.identity.CustomersUnmergedEvent;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
import org.journeyledger.journey.identity.PossibleMatchProposedEvent;
import org.journeyledger.journey.identity.PossibleMatchRejectedEvent;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
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
    /**
     * Orders, most recent {@code occurredAt} first, with their returns and price adjustments. Stored apart from the
     * rest of the document, one row per order (see {@link CustomerContextStore}).
     */
    public List<PurchaseView> purchases = new ArrayList<>();
    /** How many orders the customer placed (the orders folded, including any returned in full). */
    public int purchaseCount;
    /** Deals agreed with the customer, by id. */
    public SortedMap<String, DealView> deals = new TreeMap<>();
    /** Offers the customer was sent or shown, most recently received first. */
    public List<OfferView> offers = new ArrayList<>();
    /** Latest preference per key. */
    public SortedMap<String, PreferenceView> preferences = new TreeMap<>();
    /** Latest consent statement per purpose. */
    public SortedMap<String, ConsentView> consents = new TreeMap<>();
    /** The latest offer checks answered for the customer, newest first (at most {@value #MAX_OFFER_CHECKS}). */
    public List<OfferCheckView> offerChecks = new ArrayList<>();
    /**
     * The touchpoints of the last {@value #RECENT_DAYS} days before the latest one, counted per channel and UTC day
     * (with the latest time of each), for the preferred channel; older days are dropped as the fold goes. Per day,
     * so that a customer with thousands of touchpoints (app opens, page views) keeps a document of bounded size.
     */
    public List<ChannelTouch> recentTouchpoints = new ArrayList<>();
    /** Merges this customer made, oldest first, undone ones included. */
    public List<MergeView> merges = new ArrayList<>();
    /** Possible matches on weak identifiers awaiting an agent's decision, by match id. */
    public SortedMap<String, PossibleMatchView> possibleMatches = new TreeMap<>();
    /** Set while this customer is absorbed by another: the survivor that answers for it. */
    public String mergedInto;
    /** Computed when read (never stored): figures relative to the reading time. */
    public CustomerAttributes attributes;
    /** When the ledger recorded the latest event folded into this document. */
    public Instant knownAsOf;
    /**
     * Set once the customer is erased: then every section above is empty, and stays so whatever the stream holds
     * (the personal values of its events are unreadable anyway).
     */
    public ErasedView erased;

    static final int MAX_OFFER_CHECKS = 50;
    static final int RECENT_DAYS = 91;
    /** Orders newest first; orders placed at the same instant in the order they were folded. */
    static final Comparator<PurchaseView> NEWEST_FIRST = Comparator.comparing((PurchaseView p) -> p.purchasedAt)
            .reversed().thenComparingInt(p -> p.position);

    /**
     * Set when the stored orders no longer match {@link #purchases} one for one (the context was folded anew, or
     * erased): the store then removes the rows beyond those the context holds. Not part of the document.
     */
    @JsonIgnore
    boolean purchasesReplaced;
    /**
     * False while {@link #purchases} holds only the orders placed or changed since the document was read without its
     * orders (as the projection reads it): then an event about an earlier order needs them loaded first
     * ({@link #needsOrders}). Not part of the document.
     */
    @JsonIgnore
    boolean ordersLoaded = true;

    /** One touchpoint's channel and time. */
    /**
     * The touchpoints of one channel on one UTC day: how many, and when the latest happened. (Documents written before
     * touchpoints were counted per day hold one entry per touchpoint, without a count: each counts as one.)
     */
    public record ChannelTouch(String channel, Instant occurredAt, int count) {
        public ChannelTouch {
            count = Math.max(1, count);
        }

        boolean sameDay(String otherChannel, Instant at) {
            return channel.equals(otherChannel)
                    && occurredAt.truncatedTo(ChronoUnit.DAYS).equals(at.truncatedTo(ChronoUnit.DAYS));
        }
    }

    /**
     * The customer was erased.
     *
     * @param eventId  the ledger event id of the erasure
     * @param erasedAt when it was requested
     * @param reason   the legal basis or reference it was requested with
     */
    public record ErasedView(String eventId, Instant erasedAt, String reason) {
    }

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

    /** The context folded from a customer's whole (effective) history, oldest first. */
    public static CustomerContext folded(String customerId, List<? extends DomainEventMessage<?>> history) {
        CustomerContext context = empty(customerId);
        history.forEach(event -> context.apply(event.getPayload(), event.getIdentifier(), event.getTimestamp()));
        context.purchasesReplaced = true;
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
        if (erased != null) {
            // An erased customer's context shows the erasure only.
        } else if (payload instanceof CustomerErasedEvent erasure) {
            forgetEverything();
            erased = new ErasedView(eventId, erasure.erasedAt(), erasure.reason());
        } else if (payload instanceof CustomerJourneyStartedEvent) {
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
        } else if (payload instanceof IssueResolvedEvent resolved && issues.containsKey(resolved.issueId())) {
            // (Ids unknown here can only follow an undone merge that took the issue back to the other customer.)
            IssueView issue = issues.get(resolved.issueId());
            issue.status = "resolved";
            issue.resolvedAt = resolved.origin().occurredAt();
            issue.resolvedIn = resolved.origin().channel();
            issue.resolution = resolved.resolution();
            issue.release = resolved.release();
        } else if (payload instanceof PromiseMadeEvent made) {
            onPromiseMade(made);
        } else if (payload instanceof PromiseKeptEvent kept && promises.containsKey(kept.promiseId())) {
            PromiseView promise = promises.get(kept.promiseId());
            promise.status = "kept";
            promise.keptAt = kept.origin().occurredAt();
            promise.keptIn = kept.origin().channel();
            promise.keptLate = kept.late();
        } else if (payload instanceof PromiseCancelledEvent cancelled
                && promises.containsKey(cancelled.promiseId())) {
            PromiseView promise = promises.get(cancelled.promiseId());
            promise.status = "cancelled";
            promise.cancelledAt = cancelled.origin().occurredAt();
            promise.cancelReason = cancelled.reason();
        } else if (payload instanceof PromiseBrokenEvent broken && promises.containsKey(broken.promiseId())) {
            PromiseView promise = promises.get(broken.promiseId());
            promise.status = "broken";
            promise.brokenAt = recordedAt;
        } else if (payload instanceof PurchaseMadeEvent purchase) {
            onPurchase(purchase);
        } else if (payload instanceof ItemsReturnedEvent returned) {
            PurchaseView order = order(returned.orderId());
            order.returns.add(new PurchaseView.Return(returned.items().stream()
                    .map(item -> new PurchaseView.ReturnedUnits(item.sku(), item.quantity())).toList(),
                    returned.amount(), returned.origin().channel(), returned.origin().occurredAt()));
            order.returnedAmount = order.returnedAmount.add(returned.amount());
            order.changed = true;
        } else if (payload instanceof PriceAdjustedEvent adjusted) {
            PurchaseView order = order(adjusted.orderId());
            Origin origin = adjusted.origin();
            order.priceAdjustments.add(new PurchaseView.Adjustment(adjusted.adjustment().amount(), adjusted.reason(),
                    origin.channel(), origin.source(), origin.actor(), origin.occurredAt(), eventId));
            order.adjustedAmount = order.adjustedAmount.add(adjusted.adjustment().amount());
            order.changed = true;
        } else if (payload instanceof DealAgreedEvent agreed) {
            onDeal(agreed);
        } else if (payload instanceof DealWithdrawnEvent withdrawn && deals.containsKey(withdrawn.dealId())) {
            DealView deal = deals.get(withdrawn.dealId());
            deal.withdrawn = true;
            deal.withdrawnAt = withdrawn.origin().occurredAt();
            deal.withdrawalReason = withdrawn.reason();
        } else if (payload instanceof OfferReceivedEvent offer) {
            onOffer(offer, eventId);
        } else if (payload instanceof PreferenceStatedEvent preference) {
            onPreference(preference);
        } else if (payload instanceof ConsentGrantedEvent granted) {
            onConsent(granted.purpose(), true, granted.origin());
        } else if (payload instanceof ConsentWithdrawnEvent withdrawn) {
            onConsent(withdrawn.purpose(), false, withdrawn.origin());
        } else if (payload instanceof OfferSuppressedEvent suppressed) {
            onOfferCheck(new OfferCheckView(suppressed.checkId(), false, suppressed.reasons(), suppressed.offerId(),
                    suppressed.skus(), suppressed.channel(), suppressed.purpose(), suppressed.checkedAt()));
        } else if (payload instanceof OfferClearedEvent cleared) {
            onOfferCheck(new OfferCheckView(cleared.checkId(), true, List.of(), cleared.offerId(), cleared.skus(),
                    cleared.channel(), cleared.purpose(), cleared.checkedAt()));
        } else {
            applyIdentity(payload, recordedAt);
        }
        if (knownAsOf == null || recordedAt.isAfter(knownAsOf)) {
            knownAsOf = recordedAt;
        }
    }

    /**
     * Merges and possible matches concern this customer only when recorded in its own stream: a merged history also
     * holds the absorbed customer's own identity events, which say nothing about this one.
     */
    private void applyIdentity(Object payload, Instant recordedAt) {
        if (payload instanceof CustomersMergedEvent merged && isMine(merged.customerId())) {
            MergeView merge = new MergeView();
            merge.mergeId = merged.mergeId();
            merge.absorbedCustomerId = merged.absorbedCustomerId().value();
            merge.reason = merged.reason();
            merge.evidence = merged.evidence();
            merge.identifiers = merged.identifiers();
            merge.mergedBy = merged.actor();
            merge.mergedAt = recordedAt;
            merges.add(merge);
            possibleMatches.values().removeIf(match -> match.matchId().equals(merged.evidence())
                    || match.otherCustomerId().equals(merge.absorbedCustomerId));
        } else if (payload instanceof CustomersUnmergedEvent unmerged && isMine(unmerged.customerId())) {
            merges.stream().filter(merge -> merge.mergeId.equals(unmerged.mergeId())).forEach(merge -> {
                merge.undoneAt = recordedAt;
                merge.undoneBy = unmerged.actor();
                merge.undoReason = unmerged.reason();
            });
        } else if (payload instanceof CustomerMergedIntoEvent into && isMine(into.customerId())) {
            mergedInto = into.survivorId().value();
        } else if (payload instanceof CustomerRestoredEvent restored && isMine(restored.customerId())) {
            mergedInto = null;
        } else if (payload instanceof PossibleMatchProposedEvent proposed && isMine(proposed.customerId())) {
            possibleMatches.put(proposed.matchId(), new PossibleMatchView(proposed.matchId(),
                    proposed.otherCustomerId().value(), proposed.sharedIdentifier(), proposed.touchpointEventId(),
                    recordedAt));
        } else if (payload instanceof PossibleMatchRejectedEvent rejected && isMine(rejected.customerId())) {
            possibleMatches.remove(rejected.matchId());
        }
    }

    private boolean isMine(CustomerId customer) {
        return customer.value().equals(customerId);
    }

    /** Empties every section: what is left of an erased customer is their id and the erasure. */
    private void forgetEverything() {
        identifiers = new ArrayList<>();
        firstSeen = null;
        lastSeen = null;
        touchpointCount = 0;
        channels = new TreeMap<>();
        conversations = new TreeMap<>();
        facts = new TreeMap<>();
        issues = new TreeMap<>();
        promises = new TreeMap<>();
        purchases = new ArrayList<>();
        purchaseCount = 0;
        ordersLoaded = true;
        purchasesReplaced = true;
        deals = new TreeMap<>();
        offers = new ArrayList<>();
        preferences = new TreeMap<>();
        consents = new TreeMap<>();
        offerChecks = new ArrayList<>();
        recentTouchpoints = new ArrayList<>();
        attributes = null;
        merges = new ArrayList<>();
        possibleMatches = new TreeMap<>();
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
        countRecent(touchpoint.channel(), occurredAt);
        Instant keepFrom = lastSeen.minus(Duration.ofDays(RECENT_DAYS));
        recentTouchpoints.removeIf(touch -> touch.occurredAt().isBefore(keepFrom));
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

    private void onPurchase(PurchaseMadeEvent purchase) {
        PurchaseView order = new PurchaseView();
        order.position = purchaseCount++;
        order.orderId = purchase.orderId();
        order.channel = purchase.origin().channel();
        order.source = purchase.origin().source();
        order.actor = purchase.origin().actor();
        order.storeId = purchase.storeId();
        order.purchasedAt = purchase.origin().occurredAt();
        order.total = purchase.total();
        order.currency = purchase.currency();
        purchase.items().forEach(item -> order.items.add(new PurchaseView.Item(item.sku(), item.name(),
                item.quantity(), item.unitPrice(), item.discountPercent(), item.category())));
        purchases.add(order);
        purchases.sort(NEWEST_FIRST);
    }

    /** Whether folding this event needs orders of the customer that this document does not hold. */
    boolean needsOrders(Object payload) {
        return !ordersLoaded && erased == null
                && (payload instanceof ItemsReturnedEvent || payload instanceof PriceAdjustedEvent);
    }

    private PurchaseView order(String orderId) {
        return purchases.stream().filter(p -> p.orderId.equals(orderId)).findFirst().orElseThrow(() ->
                new IllegalStateException("Order " + orderId + " is not in the context of " + customerId));
    }

    private void onDeal(DealAgreedEvent agreed) {
        DealView deal = new DealView();
        deal.dealId = agreed.dealId();
        deal.terms = agreed.terms();
        deal.validFrom = agreed.validFrom();
        deal.validUntil = agreed.validUntil();
        deal.agreedBy = agreed.agreedBy();
        deal.recordedIn = agreed.origin().channel();
        deal.recordedBy = agreed.origin().actor();
        deal.recordedAt = agreed.origin().occurredAt();
        deals.put(agreed.dealId(), deal);
    }

    private void onOffer(OfferReceivedEvent received, String eventId) {
        OfferView offer = new OfferView();
        offer.offerId = received.offerId();
        offer.campaign = received.campaign();
        offer.skus = received.skus();
        offer.discountPercent = received.discountPercent();
        offer.validUntil = received.validUntil();
        offer.channel = received.origin().channel();
        offer.source = received.origin().source();
        offer.receivedAt = received.origin().occurredAt();
        offer.eventId = eventId;
        offers.add(offer);
        offers.sort(Comparator.comparing((OfferView o) -> o.receivedAt).reversed());
    }

    private void onPreference(PreferenceStatedEvent stated) {
        PreferenceView current = preferences.get(stated.key());
        if (current != null && stated.origin().occurredAt().isBefore(current.statedAt)) {
            return;
        }
        PreferenceView preference = new PreferenceView();
        preference.key = stated.key();
        preference.value = stated.value();
        preference.channel = stated.origin().channel();
        preference.source = stated.origin().source();
        preference.statedAt = stated.origin().occurredAt();
        preferences.put(stated.key(), preference);
    }

    private void onConsent(String purpose, boolean granted, Origin origin) {
        ConsentView current = consents.get(purpose);
        // The latest statement by occurredAt holds, as in the aggregate's rules.
        if (current != null && origin.occurredAt().isBefore(current.statedAt)) {
            return;
        }
        ConsentView consent = new ConsentView();
        consent.purpose = purpose;
        consent.granted = granted;
        consent.channel = origin.channel();
        consent.source = origin.source();
        consent.actor = origin.actor();
        consent.statedAt = origin.occurredAt();
        consents.put(purpose, consent);
    }

    private void onOfferCheck(OfferCheckView check) {
        offerChecks.add(0, check);
        if (offerChecks.size() > MAX_OFFER_CHECKS) {
            offerChecks.remove(offerChecks.size() - 1);
        }
    }

    /**
     * Fills in what depends on the reading time — deal status, offer validity, price protection and the computed
     * attributes — relative to {@code now}. Called on every read, never by the projection, so nothing time-relative
     * is frozen in the stored document.
     *
     * @param priceProtectionWindow how far before or after a purchase an offer with a better discount makes its
     *                              difference eligible
     */
    public CustomerContext evaluatedAt(Instant now, Duration priceProtectionWindow) {
        ReadTimeSections.evaluate(this, now, priceProtectionWindow);
        return this;
    }

    private static String text(TouchpointRecordedEvent touchpoint, String field) {
        JsonNode value = touchpoint.data().get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private void countRecent(String channel, Instant occurredAt) {
        for (int i = 0; i < recentTouchpoints.size(); i++) {
            ChannelTouch day = recentTouchpoints.get(i);
            if (day.sameDay(channel, occurredAt)) {
                recentTouchpoints.set(i, new ChannelTouch(channel,
                        occurredAt.isAfter(day.occurredAt()) ? occurredAt : day.occurredAt(), day.count() + 1));
                return;
            }
        }
        recentTouchpoints.add(new ChannelTouch(channel, occurredAt, 1));
    }
}
