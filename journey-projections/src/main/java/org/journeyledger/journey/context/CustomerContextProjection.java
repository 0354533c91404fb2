package org.journeyledger.journey.context;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.journeyledger.journey.customer.CustomerJourneyStartedEvent;
import org.journeyledger.journey.identity.IdentifierLinkedEvent;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;
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

    @EventHandler
    void on(CustomerJourneyStartedEvent event, EventMessage<?> message) {
        fold(event.customerId().value(), message);
    }

    @EventHandler
    void on(IdentifierLinkedEvent event, EventMessage<?> message) {
        fold(event.customerId().value(), message);
    }

    @EventHandler
    void on(TouchpointRecordedEvent event, EventMessage<?> message) {
        fold(event.customerId().value(), message);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM customer_context");
    }

    private void fold(String customerId, EventMessage<?> message) {
        CustomerContext context = store.find(customerId).orElseGet(() -> CustomerContext.empty(customerId));
        context.apply(message.getPayload(), message.getIdentifier(), message.getTimestamp());
        store.save(context);
    }
}
