package org.journeyledger.journey.context;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ResetHandler;
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
    private final JdbcTemplate jdbc;

    CustomerContextProjection(CustomerContextStore store, JdbcTemplate jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /** Every event of a customer's stream folds into that customer's context; the fold ignores what it does not know. */
    @EventHandler
    void on(Object payload, DomainEventMessage<?> message) {
        String customerId = message.getAggregateIdentifier();
        CustomerContext context = store.find(customerId).orElseGet(() -> CustomerContext.empty(customerId));
        context.apply(payload, message.getIdentifier(), message.getTimestamp());
        store.save(context);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM customer_context");
    }
}
