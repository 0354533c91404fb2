package org.journeyledger.journey.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.journeyledger.journey.customer.CustomerId;

import java.util.List;

/**
 * Take the absorbed customers' histories into this one: the second half of a merge that no touchpoint carries (a
 * confirmed match). A touchpoint that shows two customers are one carries its absorptions in its
 * {@link org.journeyledger.journey.touchpoint.RecordTouchpointCommand} instead, so the survivor decides both at once.
 */
public record AbsorbCustomerCommand(@TargetAggregateIdentifier CustomerId customerId, List<Absorption> absorptions) {

    public AbsorbCustomerCommand {
        absorptions = List.copyOf(absorptions);
    }
}
