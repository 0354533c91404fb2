package org.journeyledger.journey.erasure;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;

import java.time.Instant;

/**
 * The customer's personal data was erased: the key that encrypted it is destroyed, and the ledger records nothing
 * more about this customer. The last event of an erased customer's stream; it holds no personal data itself.
 *
 * @param reason   why, as the operator gave it (a legal basis or ticket reference; kept in clear, forever)
 * @param erasedAt when the erasure was requested, by the ledger's clock
 */
@Revision("1")
public record CustomerErasedEvent(CustomerId customerId, String reason, Instant erasedAt) {
}
