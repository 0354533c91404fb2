package org.journeyledger.journey.customer;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
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
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
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
import java.util.HashSet;
import java.util.List;
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
 */
public class CustomerJourney {

    @AggregateIdentifier
    private CustomerId customerId;
    private final Set<Identifier> identifiers = new HashSet<>();
    private final Conversations conversations = new Conversations();
    private final Issues issues = new Issues();
    private final Promises promises = new Promises();
    private final Purchases purchases = new Purchases();
    private final Deals deals = new Deals();
    private final Offers offers = new Offers();
    private final Consents consents = new Consents();
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
        refuseIfErased();
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
        for (Identifier identifier : touchpoint.identifiers()) {
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
        refuseIfErased();
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
        if (erasureEventId != null) {
            return;
        }
        promises.dueTimePassed(customerId, promiseId).ifPresent(AggregateLifecycle::apply);
    }

    @EventSourcingHandler
    void on(CustomerJourneyStartedEvent event) {
        customerId = event.customerId();
    }

    @EventSourcingHandler
    void on(CustomerErasedEvent event, @MessageIdentifier String eventId) {
        erasureEventId = eventId;
        identifiers.clear();
    }

    @EventSourcingHandler
    void on(IdentifierLinkedEvent event) {
        identifiers.add(event.identifier());
    }

    @EventSourcingHandler
    void on(ConversationStartedEvent event) {
        conversations.on(event);
    }

    @EventSourcingHandler
    void on(ConversationHandedOverEvent event) {
        conversations.on(event);
    }

    @EventSourcingHandler
    void on(ConversationReopenedEvent event) {
        conversations.on(event);
    }

    @EventSourcingHandler
    void on(ConversationClosedEvent event) {
        conversations.on(event);
    }

    @EventSourcingHandler
    void on(IssueRaisedEvent event) {
        issues.on(event);
    }

    @EventSourcingHandler
    void on(IssueResolvedEvent event) {
        issues.on(event);
    }

    @EventSourcingHandler
    void on(PromiseMadeEvent event) {
        promises.on(event);
    }

    @EventSourcingHandler
    void on(PromiseKeptEvent event) {
        promises.on(event);
    }

    @EventSourcingHandler
    void on(PromiseCancelledEvent event) {
        promises.on(event);
    }

    @EventSourcingHandler
    void on(PromiseBrokenEvent event) {
        promises.on(event);
    }

    @EventSourcingHandler
    void on(PurchaseMadeEvent event) {
        purchases.on(event);
    }

    @EventSourcingHandler
    void on(ItemsReturnedEvent event) {
        purchases.on(event);
    }

    @EventSourcingHandler
    void on(DealAgreedEvent event) {
        deals.on(event);
    }

    @EventSourcingHandler
    void on(DealWithdrawnEvent event) {
        deals.on(event);
    }

    @EventSourcingHandler
    void on(ConsentGrantedEvent event) {
        consents.on(event);
    }

    @EventSourcingHandler
    void on(ConsentWithdrawnEvent event) {
        consents.on(event);
    }
}
