package org.journeyledger.journey.touchpoint;

/**
 * The validated, typed meaning of a touchpoint's {@code data} for the types the ledger understands (see
 * {@link TouchpointTypes}); touchpoints of other types carry free-form data and no details.
 */
public interface TouchpointDetails {
}
