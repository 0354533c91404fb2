package org.journeyledger.journey.context;

import org.journeyledger.journey.identity.Identifier;

import java.time.Instant;

/**
 * Another customer that may be the same person, because a touchpoint carried a weak identifier both have; waiting
 * for an agent to confirm or reject it. A section of {@link CustomerContext}.
 */
public record PossibleMatchView(String matchId, String otherCustomerId, Identifier sharedIdentifier,
                                String touchpointEventId, Instant proposedAt) {
}
