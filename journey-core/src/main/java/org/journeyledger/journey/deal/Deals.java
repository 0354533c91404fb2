package org.journeyledger.journey.deal;

import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.TouchpointRefusedException;

import java.util.HashMap;
import java.util.Map;

/**
 * The deal rules of one customer: a deal id is agreed once and withdrawn at most once. Expiry needs no event: whether
 * a deal is active is computed from its validity when it is read (see docs/architecture.md).
 */
public final class Deals {

    /** Deal id to whether it was withdrawn. */
    private final Map<String, Boolean> withdrawn = new HashMap<>();

    public DealAgreedEvent decide(CustomerId customerId, DealDetails details, Origin origin) {
        if (withdrawn.containsKey(details.dealId())) {
            throw new TouchpointRefusedException("data.dealId", "Deal '" + details.dealId()
                    + "' was already recorded for this customer; give a new deal a new id");
        }
        return new DealAgreedEvent(customerId, details.dealId(), details.terms(), details.validFrom(),
                details.validUntil(), details.agreedBy(), origin);
    }

    public DealWithdrawnEvent decide(CustomerId customerId, DealWithdrawnDetails details, Origin origin) {
        Boolean isWithdrawn = withdrawn.get(details.dealId());
        if (isWithdrawn == null) {
            throw new TouchpointRefusedException("data.dealId", "Deal '" + details.dealId()
                    + "' was never recorded for this customer; record it first (type deal)");
        }
        if (isWithdrawn) {
            throw new TouchpointRefusedException("data.dealId", "Deal '" + details.dealId() + "' is already withdrawn");
        }
        return new DealWithdrawnEvent(customerId, details.dealId(), details.reason(), origin);
    }

    public void on(DealAgreedEvent event) {
        withdrawn.put(event.dealId(), false);
    }

    public void on(DealWithdrawnEvent event) {
        withdrawn.put(event.dealId(), true);
    }
}
