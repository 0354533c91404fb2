package org.journeyledger.journey.context;

import org.journeyledger.journey.identity.Identifier;

import java.time.Instant;
import java.util.List;

/**
 * A merge the customer made: whom it absorbed, why, and whether it was undone. A section of {@link CustomerContext},
 * so that an agent sees why the history holds another profile's touchpoints, and which merge to undo if it was wrong.
 */
public class MergeView {

    public String mergeId;
    public String absorbedCustomerId;
    /** {@code shared_identifier} or {@code match_confirmed}. */
    public String reason;
    /** The touchpoint's ledger event id, or the confirmed match's id. */
    public String evidence;
    public List<Identifier> identifiers;
    public String mergedBy;
    public Instant mergedAt;
    public Instant undoneAt;
    public String undoneBy;
    public String undoReason;
}
