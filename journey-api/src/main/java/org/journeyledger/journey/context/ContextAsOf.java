package org.journeyledger.journey.context;

import org.axonframework.eventhandling.DomainEventMessage;
import org.journeyledger.journey.identity.CustomerStreams;
import org.journeyledger.journey.identity.EffectiveHistory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * What the ledger knew about a customer at a past moment: the customer's history as it stood then (its events, and
 * those of the customers it had absorbed by then, recorded up to that moment), folded by the very
 * {@link CustomerContext} fold the live projection uses, so the two views cannot drift apart. A late arrival (a POS
 * batch uploaded tonight about yesterday) is in today's context but not in one as of before it arrived; a merge made
 * today is not in yesterday's.
 */
@Component
public class ContextAsOf {

    private final CustomerStreams streams;

    ContextAsOf(CustomerStreams streams) {
        this.streams = streams;
    }

    public CustomerContext at(String customerId, Instant asOf) {
        return CustomerContext.folded(customerId, EffectiveHistory.asOf(customerId, asOf, streams));
    }

    /** The ledger event ids of the customer's history as the ledger knew it then, for the timeline as of then. */
    public List<String> eventIds(String customerId, Instant asOf) {
        return EffectiveHistory.asOf(customerId, asOf, streams).stream().map(DomainEventMessage::getIdentifier)
                .toList();
    }
}
