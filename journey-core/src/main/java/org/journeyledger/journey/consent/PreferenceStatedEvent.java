package org.journeyledger.journey.consent;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.touchpoint.CausedByTouchpoint;
import org.journeyledger.journey.touchpoint.Origin;

/**
 * The customer said how they like something: {@code key} is {@code value}.
 */
@Revision("1")
public record PreferenceStatedEvent(CustomerId customerId, String key, String value, Origin origin) implements CausedByTouchpoint {
}
