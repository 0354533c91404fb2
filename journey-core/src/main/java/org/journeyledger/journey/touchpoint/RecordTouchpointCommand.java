package org.journeyledger.journey.touchpoint;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.identity.Absorption;
import org.journeyledger.journey.identity.Identifier;

import java.util.List;

/**
 * Record a touchpoint on a customer's journey, starting the journey when the customer is new.
 *
 * @param customerId the customer the touchpoint's identifiers resolved to (a fresh id when none was known)
 * @param eventId    the ledger event id chosen for the resulting {@link TouchpointRecordedEvent}, so that the caller
 *                   can answer with it before the event is read back
 * @param touchpoint the validated touchpoint
 * @param linkable   the identifiers of the touchpoint that may be linked to the customer: the identity index's
 *                   guardrails (blocklist, per-type limits, weak identifiers owned by someone else) keep the others
 *                   on the touchpoint only
 * @param absorptions customers this touchpoint showed to be the same person, merged into this one before the
 *                    touchpoint is recorded
 */
public record RecordTouchpointCommand(@TargetAggregateIdentifier CustomerId customerId, String eventId,
                                      Touchpoint touchpoint, List<Identifier> linkable, List<Absorption> absorptions) {

    public RecordTouchpointCommand {
        linkable = List.copyOf(linkable);
        absorptions = List.copyOf(absorptions);
    }

    /** Every identifier of the touchpoint may be linked; no merge. */
    public RecordTouchpointCommand(CustomerId customerId, String eventId, Touchpoint touchpoint) {
        this(customerId, eventId, touchpoint, touchpoint.identifiers(), List.of());
    }
}
