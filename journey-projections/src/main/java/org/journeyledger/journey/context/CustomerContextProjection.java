package org.journeyledger.journey.context;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.journeyledger.journey.identity.CustomerRestoredEvent;
import org.journeyledger.journey.identity.CustomerStreams;
import org.journeyledger.journey.identity.CustomersMergedEvent;
import org.journeyledger.journey.identity.CustomersUnmergedEvent;
import org.journeyledger.journey.identity.EffectiveHistory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps each customer's {@link CustomerContext} document up to date as events are recorded.
 */
@Component
@ProcessingGroup(CustomerContextProjection.PROCESSING_GROUP)
class CustomerContextProjection {

    static final String PROCESSING_GROUP = "customer-context";

    private final CustomerContextStore store;
    private final CustomerStreams streams;
    private final JdbcTemplate jdbc;

    CustomerContextProjection(CustomerContextStore store, CustomerStreams streams, JdbcTemplate jdbc) {
        this.store = store;
        this.streams = streams;
        this.jdbc = jdbc;
    }

    /**
     * Every event of a customer's stream folds into that customer's context; the fold ignores what it does not know.
     * A merge or its undoing changes which history the customer has, so the context is folded anew from the
     * {@link EffectiveHistory} up to that event.
     */
    @EventHandler
    void on(Object payload, DomainEventMessage<?> message) {
        String customerId = message.getAggregateIdentifier();
        CustomerContext context;
        if (payload instanceof CustomersMergedEvent || payload instanceof CustomersUnmergedEvent
                || payload instanceof CustomerRestoredEvent) {
            context = CustomerContext.folded(customerId, EffectiveHistory.through(message, streams));
        } else {
            context = store.find(customerId).orElseGet(() -> CustomerContext.empty(customerId));
            context.apply(payload, message.getIdentifier(), message.getTimestamp());
        }
        store.save(context);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM customer_context");
    }
}
