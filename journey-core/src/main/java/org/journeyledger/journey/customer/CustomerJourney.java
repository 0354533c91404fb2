package org.journeyledger.journey.customer;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.journeyledger.journey.commerce.ItemsReturnedEvent;
import org.journeyledger.journey.commerce.PriceAdjustmentDetails;
import org.journeyledger.journey.commerce.PurchaseDetails;
import org.journeyledger.journey.commerce.PurchaseMadeEvent;
import org.journeyledger.journey.commerce.Purchases;
import org.journeyledger.journey.commerce.ReturnDetails;
import org.journeyledger.journey.consent.ConsentDetails;
import org.journeyledger.journey.consent.ConsentGrantedEvent;
import org.journeyledger.journey.consent.ConsentWithdrawnEvent;
import org.journeyledger.journey.consent.Consents;
import org.journeyledger.journey.consent.PreferenceDetails;
import org.journeyledger.journey.deal.DealAgreedEvent;
import org.journeyledger.journey.deal.DealDetails;
import org.journeyledger.journey.deal.DealWithdrawnDetails;
import org.journeyledger.journey.deal.DealWithdrawnEvent;
import org.journeyledger.journey.deal.Deals;
import org.journeyledger.journey.erasure.CustomerErasedEvent;
import org.journeyledger.journey.erasure.CustomerErasedException;
import org.journeyledger.journey.erasure.EraseCustomerCommand;
import org.journeyledger.journey.offer.CheckOfferCommand;
import org.journeyledger.journey.offer.OfferDetails;
import org.journeyledger.journey.offer.Offers;
import org.journeyledger.journey.conversation.ConversationClosedEvent;
import org.journeyledger.journey.conversation.ConversationHandedOverEvent;
import org.journeyledger.journey.conversation.ConversationReopenedEvent;
import org.journeyledger.journey.conversation.ConversationStartedEvent;
import org.journeyledger.journey.conversation.Conversations;
import org.journeyledger.journey.fact.FactDetails;
import org.journeyledger.journey.fact.FactToldEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.journeyledger.journey.identity.AbsorbCustomerCommand;
import org.journeyledger.journey.identity.Absorption;
import org.journeyledger.journey.identity.CustomerMergedException;
import org.journeyledger.journey.identity.CustomerMergedIntoEvent;
import org.journeyledger.journey.identity.CustomerRestoredEvent;
import org.journeyledger.journey.identity.CustomerStreams;
import org.journeyledger.journey.identity.CustomersMergedEvent;
import org.journeyledger.journey.identity.CustomersUnmergedEvent;
import org.journeyledger.journey.identity.EffectiveHistory;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
import org.journeyledger.journey.identity.MergeCustomerIntoCommand;
import org.journeyledger.journey.identity.MergeRefusedException;
import org.journeyledger.journey.identity.PossibleMatchProposedEvent;
import org.journeyledger.journey.identity.PossibleMatchRejectedEvent;
import org.journeyledger.journey.identity.ProposeMatchCommand;
import org.journeyledger.journey.identity.RejectMatchCommand;
import org.journeyledger.journey.identity.RestoreCustomerCommand;
import org.journeyledger.journey.identity.UndoMergeCommand;
import org.journeyledger.journey.issue.IssueRaisedDetails;
import org.journeyledger.journey.issue.IssueRaisedEvent;
import org.journeyledger.journey.issue.IssueResolvedDetails;
import org.journeyledger.journey.issue.IssueResolvedEvent;
import org.journeyledger.journey.issue.Issues;
import org.journeyledger.journey.ledger.LedgerEventIds;
import org.journeyledger.journey.promise.PromiseBrokenEvent;
import org.journeyledger.journey.promise.PromiseCancelledDetails;
import org.journeyledger.journey.promise.PromiseCancelledEvent;
import org.journeyledger.journey.promise.PromiseDetails;
import org.journeyledger.journey.promise.PromiseKeptDetails;
import org.journeyledger.journey.promise.PromiseKeptEvent;
import org.journeyledger.journey.promise.PromiseMadeEvent;
import org.journeyledger.journey.promise.Promises;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.RecordTouchpointCommand;
import org.journeyledger.journey.touchpoint.Touchpoint;
import org.journeyledger.journey.touchpoint.TouchpointDetails;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One customer's journey: the aggregate that decides on every command about the customer and whose event stream is
 * the customer's history. Command handlers only decide and apply; state changes only in the event sourcing handlers.
 * The rules of each feature live in that feature's package ({@link Conversations}, {@link Issues}, {@link Promises},
 * {@link Purchases}, {@link Deals}, {@link Offers}, {@link Consents});
 * this class sequences them.
 * <p>
 * The aggregate keeps only what its decisions need; everything a person reads is built by projections. It is
 * registered with Axon by journey-api, which keeps this module free of Spring.
 * <p>
 * Snapshots store these fields as they are: raise the {@link Revision} whenever a field is added, removed or changes
 * its meaning, here or in the feature classes it holds. Snapshots of any other revision are ignored (the customer is
 * folded from the stream and snapshotted anew), so a change never reads a snapshot of the old shape.
 */
@Revision("2")
public class CustomerJourney {

    @AggregateIdentifier
    private CustomerId customerId;
    private final Set<Identifier> identifiers = new HashSet<>();
    /** Merges this customer made that still stand: merge id to the absorbed customer. */
    private final Map<String, CustomerId> merges = new HashMap<>();
    /** Set while this customer is absorbed by another. */
    private CustomerId mergedInto;
    private Conversations conversations = new Conversations();
    private Issues issues = new Issues();
    private Promises promises = new Promises();
    private Purchases purchases = new Purchases();
    private Deals deals = new Deals();
    private Offers offers = new Offers();
    private Consents consents = new Consents();
    /** The id of the {@link CustomerErasedEvent}, once the customer is erased; then every command is refused. */
    private String erasureEventId;

    /** For Axon, which creates an empty aggregate and replays its events into it. */
    protected CustomerJourney() {
    }

    /**
     * Records a touchpoint, first starting the journey if the customer is new and linking any identifier of the
     * touchpoint the customer did not have yet, then what the touchpoint means for the customer's conversations,
     * facts, issues and promises. That no other customer owns the new identifiers is checked by the caller in the
     * same transaction (the set-based validation the ledger's identity index performs). Every rule is checked
     * before the first event is applied, so a refused touchpoint leaves no trace.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordTouchpointCommand command, DeadlineManager deadlines) {
        requireActive();
        absorb(command.absorptions(), deadlines);
        CustomerId customer = command.customerId();
        Touchpoint touchpoint = command.touchpoint();
        Origin origin = Origin.of(command.eventId(), touchpoint);
        List<Object> consequences = new ArrayList<>(conversations.decide(customer, touchpoint, origin));
        Object meaning = meaning(customer, touchpoint.details(), origin);
        if (meaning != null) {
            consequences.add(meaning);
        }

        if (customerId == null) {
            apply(new CustomerJourneyStartedEvent(customer));
        }
        for (Identifier identifier : command.linkable()) {
            if (!identifiers.contains(identifier)) {
                apply(new IdentifierLinkedEvent(customer, identifier, touchpoint.source(), touchpoint.sourceEventId()));
            }
        }
        apply(new TouchpointRecordedEvent(customer, touchpoint.source(), touchpoint.sourceEventId(),
                        touchpoint.channel(), touchpoint.type(), touchpoint.occurredAt(), touchpoint.identifiers(),
                        touchpoint.conversationId(), touchpoint.actor(), touchpoint.data()),
                LedgerEventIds.withEventId(command.eventId()));
        consequences.forEach(AggregateLifecycle::apply);
        if (meaning instanceof PromiseMadeEvent promise) {
            deadlines.schedule(promise.dueAt(), Promises.DUE_DEADLINE, promise.promiseId());
        }
    }

    /** The business event a typed touchpoint stands for, or null for touchpoints that only add to the history. */
    private Object meaning(CustomerId customer, TouchpointDetails details, Origin origin) {
        if (details instanceof FactDetails fact) {
            return new FactToldEvent(customer, fact.key(), fact.value(), origin);
        } else if (details instanceof IssueRaisedDetails raised) {
            return issues.decide(customer, raised, origin);
        } else if (details instanceof IssueResolvedDetails resolved) {
            return issues.decide(customer, resolved, origin);
        } else if (details instanceof PromiseDetails promise) {
            return promises.decide(customer, promise, origin);
        } else if (details instanceof PromiseKeptDetails kept) {
            return promises.decide(customer, kept, origin);
        } else if (details instanceof PromiseCancelledDetails cancelled) {
            return promises.decide(customer, cancelled, origin);
        } else if (details instanceof PurchaseDetails purchase) {
            return purchases.decide(customer, purchase, origin);
        } else if (details instanceof ReturnDetails returned) {
            return purchases.decide(customer, returned, origin);
        } else if (details instanceof PriceAdjustmentDetails adjustment) {
            return purchases.decide(customer, adjustment, origin);
        } else if (details instanceof DealDetails deal) {
            return deals.decide(customer, deal, origin);
        } else if (details instanceof DealWithdrawnDetails withdrawn) {
            return deals.decide(customer, withdrawn, origin);
        } else if (details instanceof OfferDetails offer) {
            return offers.decide(customer, offer, origin);
        } else if (details instanceof PreferenceDetails preference) {
            return consents.decide(customer, preference, origin);
        } else if (details instanceof ConsentDetails consent) {
            return consents.decide(customer, consent, origin);
        }
        return null;
    }

    /**
     * Decides from the customer's own history whether an offer may go to them, records the decision (with the
     * ledger event id the caller chose, so it can answer with it) and answers with the recorded event.
     */
    @CommandHandler
    Object handle(CheckOfferCommand command) {
        requireActive();
        Object decision = offers.check(command, purchases, consents, issues.openIssueIds());
        apply(decision, LedgerEventIds.withEventId(command.checkId()));
        return decision;
    }

    /**
     * Erases the customer: records the erasure once and answers with its event id (the earlier one when the customer
     * was already erased, so a repeated request changes nothing).
     */
    @CommandHandler
    String handle(EraseCustomerCommand command) {
        if (erasureEventId != null) {
            return erasureEventId;
        }
        apply(new CustomerErasedEvent(command.customerId(), command.reason(), command.erasedAt()),
                LedgerEventIds.withEventId(command.erasureId()));
        return command.erasureId();
    }

    private void refuseIfErased() {
        if (erasureEventId != null) {
            throw new CustomerErasedException(customerId);
        }
    }

    /** A promise's due time has come: it breaks unless it was kept or cancelled meanwhile (or the customer erased). */
    @DeadlineHandler(deadlineName = Promises.DUE_DEADLINE)
    void promiseDue(String promiseId) {
        if (erasureEventId != null || mergedInto != null) {
            // Erased: nothing more is recorded. Merged: the survivor took the promise over and watches it.
            return;
        }
        promises.dueTimePassed(customerId, promiseId).ifPresent(AggregateLifecycle::apply);
    }

    /** The first half of a merge: this customer's journey continues in the survivor's. */
    @CommandHandler
    void handle(MergeCustomerIntoCommand command) {
        requireActive();
        apply(new CustomerMergedIntoEvent(customerId, command.survivorId(), command.mergeId()));
    }

    /** The second half of a merge that no touchpoint carries (a confirmed match). */
    @CommandHandler
    void handle(AbsorbCustomerCommand command, DeadlineManager deadlines) {
        requireActive();
        absorb(command.absorptions(), deadlines);
    }

    /**
     * The absorbed customers' histories become part of this one's, and their open promises are now this customer's
     * to keep or break, so their deadlines are watched here.
     */
    private void absorb(List<Absorption> absorptions, DeadlineManager deadlines) {
        if (absorptions.isEmpty()) {
            return;
        }
        Set<String> watchedAlready = promises.open().keySet();
        for (Absorption absorption : absorptions) {
            apply(new CustomersMergedEvent(customerId, absorption.absorbedCustomerId(), absorption.mergeId(),
                    absorption.reason(), absorption.evidence(), absorption.identifiers(), absorption.actor()));
        }
        promises.open().forEach((promiseId, dueAt) -> {
            if (!watchedAlready.contains(promiseId)) {
                deadlines.schedule(dueAt, Promises.DUE_DEADLINE, promiseId);
            }
        });
    }

    @CommandHandler
    void handle(UndoMergeCommand command) {
        requireActive();
        CustomerId restored = merges.get(command.mergeId());
        if (restored == null) {
            throw new MergeRefusedException("Customer " + customerId + " has no standing merge " + command.mergeId());
        }
        apply(new CustomersUnmergedEvent(customerId, restored, command.mergeId(), command.reason(), command.actor(),
                command.split().returnedIdentifiers(), command.split().reassignedEventIds()));
    }

    /** Undoing a merge makes this customer whole again; its open promises are watched here again. */
    @CommandHandler
    void handle(RestoreCustomerCommand command, DeadlineManager deadlines) {
        if (mergedInto == null || !mergedInto.equals(command.formerSurvivorId())) {
            throw new MergeRefusedException("Customer " + customerId + " is not absorbed by "
                    + command.formerSurvivorId());
        }
        apply(new CustomerRestoredEvent(customerId, command.formerSurvivorId(), command.mergeId(), command.reason(),
                command.actor(), command.split().returnedIdentifiers(), command.split().reassignedEventIds()));
        // A deadline still pending from before the merge may fire too; a promise breaks only once.
        promises.open().forEach((promiseId, dueAt) -> deadlines.schedule(dueAt, Promises.DUE_DEADLINE, promiseId));
    }

    @CommandHandler
    void handle(ProposeMatchCommand command) {
        requireActive();
        apply(new PossibleMatchProposedEvent(customerId, command.otherCustomerId(), command.matchId(),
                command.sharedIdentifier(), command.touchpointEventId()));
    }

    @CommandHandler
    void handle(RejectMatchCommand command) {
        requireActive();
        apply(new PossibleMatchRejectedEvent(customerId, command.otherCustomerId(), command.matchId(),
                command.actor(), command.reason()));
    }

    /** Erased customers and customers absorbed by a merge record nothing more. */
    private void requireActive() {
        refuseIfErased();
        if (mergedInto != null) {
            throw new CustomerMergedException(customerId, mergedInto);
        }
    }

    /**
     * Every event passes here, in the order of the customer's own stream. Merge and unmerge events change which
     * history the customer's decisions rest on, so they rebuild the state from the {@link EffectiveHistory} up to
     * that point (reading the other customers' streams); every other event simply folds in.
     */
    @EventSourcingHandler
    void on(Object event, DomainEventMessage<?> message, CustomerStreams streams) {
        if (event instanceof CustomerJourneyStartedEvent started) {
            customerId = started.customerId();
        } else if (event instanceof CustomerMergedIntoEvent into) {
            mergedInto = into.survivorId();
        } else if (event instanceof CustomerErasedEvent) {
            erasureEventId = message.getIdentifier();
            identifiers.clear();
        } else if (event instanceof CustomersMergedEvent || event instanceof CustomersUnmergedEvent
                || event instanceof CustomerRestoredEvent) {
            if (event instanceof CustomerRestoredEvent) {
                mergedInto = null;
            }
            rebuild(EffectiveHistory.through(message, streams));
        } else {
            fold(event);
        }
    }

    private void rebuild(List<DomainEventMessage<?>> history) {
        identifiers.clear();
        merges.clear();
        conversations = new Conversations();
        issues = new Issues();
        promises = new Promises();
        purchases = new Purchases();
        deals = new Deals();
        offers = new Offers();
        consents = new Consents();
        for (DomainEventMessage<?> event : history) {
            Object payload = event.getPayload();
            if (payload instanceof CustomersMergedEvent merged && merged.customerId().equals(customerId)) {
                merges.put(merged.mergeId(), merged.absorbedCustomerId());
            } else if (payload instanceof CustomersUnmergedEvent unmerged && unmerged.customerId().equals(customerId)) {
                merges.remove(unmerged.mergeId());
            } else {
                fold(payload);
            }
        }
    }

    /** What the decisions need from one event of the customer's history, whichever stream it was recorded in. */
    private void fold(Object event) {
        if (event instanceof IdentifierLinkedEvent linked) {
            identifiers.add(linked.identifier());
        } else if (event instanceof ConversationStartedEvent e) {
            conversations.on(e);
        } else if (event instanceof ConversationHandedOverEvent e) {
            conversations.on(e);
        } else if (event instanceof ConversationReopenedEvent e) {
            conversations.on(e);
        } else if (event instanceof ConversationClosedEvent e) {
            conversations.on(e);
        } else if (event instanceof IssueRaisedEvent e) {
            issues.on(e);
        } else if (event instanceof IssueResolvedEvent e) {
            issues.on(e);
        } else if (event instanceof PromiseMadeEvent e) {
            promises.on(e);
        } else if (event instanceof PromiseKeptEvent e) {
            promises.on(e);
        } else if (event instanceof PromiseCancelledEvent e) {
            promises.on(e);
        } else if (event instanceof PromiseBrokenEvent e) {
            promises.on(e);
        } else if (event instanceof PurchaseMadeEvent e) {
            purchases.on(e);
        } else if (event instanceof ItemsReturnedEvent e) {
            purchases.on(e);
        } else if (event instanceof DealAgreedEvent e) {
            deals.on(e);
        } else if (event instanceof DealWithdrawnEvent e) {
            deals.on(e);
        } else if (event instanceof ConsentGrantedEvent e) {
            consents.on(e);
        } else if (event instanceof ConsentWithdrawnEvent e) {
            consents.on(e);
        }
    }
}
