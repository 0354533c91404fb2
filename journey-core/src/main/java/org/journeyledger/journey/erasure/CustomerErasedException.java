package org.journeyledger.journey.erasure;

import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.TouchpointRefusedException;

/**
 * A command for a customer who was erased: the ledger records nothing more about them. Nothing is stored.
 */
public class CustomerErasedException extends TouchpointRefusedException {

    public CustomerErasedException(CustomerId customerId) {
        super("identifiers", "Customer " + customerId + " was erased; the ledger records nothing more about them. "
                + "Their identifiers no longer resolve: send the touchpoint again and it starts a new customer.");
    }
}
