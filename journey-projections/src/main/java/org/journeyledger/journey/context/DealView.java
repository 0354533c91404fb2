package org.journeyledger.journey.context;

import java.time.Instant;

/**
 * A deal agreed with the customer. A section of {@link CustomerContext}; {@code status} is computed when read.
 */
public class DealView {

    public String dealId;
    public String terms;
    public Instant validFrom;
    public Instant validUntil;
    public String agreedBy;
    public String recordedIn;
    public String recordedBy;
    public Instant recordedAt;
    public boolean withdrawn;
    public Instant withdrawnAt;
    public String withdrawalReason;
    /**
     * Computed when read: {@code active} (validFrom ≤ now &lt; validUntil and not withdrawn), {@code upcoming},
     * {@code expired} or {@code withdrawn}.
     */
    public String status;
}
