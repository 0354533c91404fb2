package org.journeyledger.journey.identity;

import org.axonframework.serialization.Revision;
import org.journeyledger.journey.customer.CustomerId;

import java.util.List;

/**
 * The merge that absorbed this customer was undone: it is a customer of its own again, with its own history, the
 * identifiers given back, and the events the former survivor recorded for it meanwhile ({@code reassignedEventIds},
 * stored in the former survivor's stream and read from there).
 */
@Revision("1")
public record CustomerRestoredEvent(CustomerId customerId, CustomerId formerSurvivorId, String mergeId,
                                    String reason, String actor, List<Identifier> identifiers,
                                    List<String> reassignedEventIds) {
}
